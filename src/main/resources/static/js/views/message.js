// One row of the message list: a message with its reply quote, formatted body, "(edited)"
// marker, attachment, reactions, actions, delivery state and read receipt; or a day
// separator, the "New" divider, the history edge. chat.js decides which rows there are.

import { el, qs, show } from '../dom.js';
import { bytes, clock, fullTime } from '../format.js';
import { renderMarkdown } from '../markdown.js';
import { t } from '../i18n.js';
import { showAvatar } from '../avatars.js';
import { deactivatedTag } from '../profiles.js';

// What a row last rendered, so an update that changed nothing does not rebuild the body.
const renderedBody = new WeakMap();

const ACTIONS = [
  { action: 'react', label: t('message.react'), text: '☺' },
  { action: 'reply', label: t('message.reply'), text: '↩' },
  { action: 'edit', label: t('message.edit'), text: '✎', mineOnly: true },
  { action: 'delete', label: t('message.delete'), text: '🗑' },
  { action: 'report', label: t('message.report'), text: '⚑' },
];

export function createEntry(entry) {
  if (entry.kind === 'older') return el('li', { className: 'history-edge' });
  if (entry.kind === 'day') return el('li', { className: 'day' }, el('span', { className: 'day-label' }));
  if (entry.kind === 'latest') {
    return el('li', { className: 'history-edge' }, el('button', { className: 'latest link', text: t('message.showLatest'), attrs: { type: 'button' } }));
  }
  if (entry.kind === 'unread') {
    return el('li', { className: 'unread-divider', attrs: { role: 'separator' } }, el('span', { text: t('message.newDivider') }));
  }
  return el(
    'li',
    { className: 'message' },
    el('div', { className: 'meta' }, el('span', { className: 'avatar sender-avatar' }), el('span', { className: 'sender' }), deactivatedTag(), el('time', { className: 'time' })),
    el('button', { className: 'reply-quote', attrs: { type: 'button' } }),
    el('div', { className: 'body', attrs: { dir: 'auto' } }),
    el('div', { className: 'attachment' }),
    el('button', { className: 'edited link', text: t('message.edited'), attrs: { type: 'button', title: t('message.editedTitle') } }),
    el('div', { className: 'reactions' }),
    el(
      'div',
      { className: 'actions', attrs: { role: 'toolbar', 'aria-label': t('message.actions') } },
      ...ACTIONS.map(({ action, label, text }) =>
        el('button', { className: 'icon-button', text, dataset: { action }, attrs: { type: 'button', 'aria-label': label, title: label } }),
      ),
    ),
    el('p', { className: 'delivery' }, el('span', { className: 'state' }), el('button', { className: 'retry', text: t('message.retry'), attrs: { type: 'button' } })),
    el('p', { className: 'receipt tip', attrs: { tabindex: '0' } }),
  );
}

/** entry: {message, mine, continued, state, error, canDelete, receipt, names, mention}. */
export function updateEntry(node, entry) {
  if (entry.kind === 'older') return updateEdge(node, entry.history);
  if (entry.kind === 'day') {
    qs('.day-label', node).textContent = entry.label;
    return;
  }
  if (entry.kind === 'unread' || entry.kind === 'latest') return;
  const { message, state } = entry;
  const deleted = message.deleted === true;
  node.classList.toggle('mine', entry.mine);
  node.classList.toggle('continued', entry.continued);
  node.classList.toggle('deleted', deleted);
  node.classList.toggle('mentions-me', entry.mentionsMe);
  node.dataset.state = state;
  if (message.id != null) node.dataset.id = message.id;
  if (message.seq != null) node.dataset.seq = message.seq;
  qs('.sender', node).textContent = entry.mine ? t('message.you') : message.sender.displayName;
  if (message.sender) showAvatar(qs('.sender-avatar', node), message.sender);
  show(qs('.deactivated-tag', node), entry.senderDeactivated === true);
  const time = qs('.time', node);
  time.textContent = clock(message.sentAt);
  time.dateTime = message.sentAt;
  time.title = fullTime(message.sentAt);

  updateReplyQuote(qs('.reply-quote', node), message.replyTo, entry);
  updateBody(node, message, entry);
  updateAttachment(node, deleted ? null : message.attachment);
  show(qs('.edited', node), Boolean(message.editedAt) && !deleted);
  qs('.edited', node).title = message.editedAt ? t('message.editedAt', { time: fullTime(message.editedAt) }) : '';
  updateReactions(qs('.reactions', node), deleted ? [] : (message.reactions ?? []), entry);

  const sent = state === 'sent' && !deleted;
  const actions = qs('.actions', node);
  show(actions, sent);
  for (const button of actions.querySelectorAll('button')) {
    const { action } = button.dataset;
    const allowed =
      action === 'edit' ? entry.mine && !message.attachment
      : action === 'delete' ? entry.canDelete
      // Anyone's but your own, also where nobody can send any more: the history stays readable.
      : action === 'report' ? !entry.mine
      : entry.canSend;
    show(button, allowed);
  }

  const delivery = qs('.delivery', node);
  show(delivery, state !== 'sent');
  qs('.state', delivery).textContent = deliveryText(entry);
  show(qs('.retry', delivery), state === 'failed' || state === 'waiting');

  const receipt = qs('.receipt', node);
  show(receipt, entry.receipt != null);
  receipt.textContent = entry.receipt?.text ?? '';
  if (entry.receipt?.names) {
    receipt.dataset.tip = entry.receipt.names;
    receipt.title = entry.receipt.names;
    receipt.setAttribute('aria-label', `${entry.receipt.text}: ${entry.receipt.names}`);
  } else {
    delete receipt.dataset.tip;
    receipt.removeAttribute('title');
    receipt.removeAttribute('aria-label');
  }
  receipt.tabIndex = entry.receipt?.names ? 0 : -1;
}

function updateEdge(node, history) {
  const mode = history.loading ? 'loading' : history.failed ? 'failed' : history.hasMore ? 'more' : 'start';
  if (node.dataset.mode === mode) return;
  node.dataset.mode = mode;
  const button = (text) => el('button', { className: 'load-older link', text, attrs: { type: 'button' } });
  if (mode === 'loading') node.replaceChildren(t('common.loading'));
  else if (mode === 'failed') node.replaceChildren(t('message.loadFailed'), ' ', button(t('common.tryAgain')));
  else if (mode === 'more') node.replaceChildren(button(t('message.loadOlder')));
  else node.replaceChildren(t('message.beginning'));
}

function updateBody(node, message, entry) {
  const body = qs('.body', node);
  const text = message.deleted ? null : message.body;
  const key = `${text}\u0000${entry.mentionKey}`;
  if (renderedBody.get(body) === key) return;
  renderedBody.set(body, key);
  // The raw text, for tests and for copying the message as it was written.
  body.dataset.text = text ?? '';
  if (text == null) body.replaceChildren(el('em', { className: 'muted', text: t('message.deleted') }));
  else body.replaceChildren(...renderMarkdown(text, { mention: entry.mention }));
}

function updateReplyQuote(button, replyTo, { names, meId }) {
  show(button, replyTo != null);
  if (!replyTo) return;
  button.dataset.seq = replyTo.seq;
  button.dataset.id = replyTo.id;
  const who = replyTo.sender?.id === meId ? t('message.you') : (names.get(replyTo.sender?.id) ?? replyTo.sender?.displayName ?? t('message.someone'));
  const text = replyTo.deleted ? t('message.deleted') : (replyTo.preview ?? '');
  button.setAttribute('aria-label', t('message.replyQuoteLabel', { who, text }));
  button.replaceChildren(el('span', { className: 'reply-sender', text: who }), el('span', { className: 'reply-preview', text, attrs: { dir: 'auto' } }));
}

function updateReactions(box, reactions, entry) {
  show(box, reactions.length > 0);
  const buttons = reactions.map(({ emoji, count, me, userIds: users }) => {
    const who = users?.length ? users.map((id) => (id === entry.meId ? t('message.you') : (entry.names.get(id) ?? t('message.someone')))).join(t('common.listSeparator')) : me ? (count > 1 ? t('message.youAndMore', { count: count - 1 }) : t('message.you')) : t('message.people', { count });
    return el(
      'button',
      {
        className: 'reaction tip',
        dataset: { emoji, tip: t('message.reactedWith', { who, emoji }) },
        attrs: { type: 'button', 'aria-pressed': String(Boolean(me)), 'aria-label': `${emoji} ${count}: ${who}`, disabled: !entry.canSend },
      },
      el('span', { className: 'reaction-emoji', text: emoji }),
      el('span', { className: 'reaction-count', text: String(count) }),
    );
  });
  // Rebuilt only when something changed, so a focused reaction keeps its focus.
  const key = JSON.stringify(reactions);
  if (box.dataset.rendered === key) return;
  box.dataset.rendered = key;
  box.replaceChildren(...buttons);
}

/** A file message: its body is the file's name, which the thumbnail or the link shows instead. */
function updateAttachment(node, file) {
  const box = qs('.attachment', node);
  if (file != null) show(qs('.body', node), false);
  else show(qs('.body', node), true);
  show(box, file != null);
  const key = file == null ? '' : String(file.fileId);
  if (box.dataset.fileId === key) return;
  box.dataset.fileId = key;
  box.replaceChildren(...(file == null ? [] : [attachmentLink(file)]));
}

function attachmentLink(file) {
  const href = `/api/files/${encodeURIComponent(file.fileId)}`;
  const label = t('message.download', { name: file.name, size: bytes(file.size) });
  if (file.thumbnail) {
    const { width, height } = file.thumbnail;
    return el(
      'a',
      { className: 'thumbnail', attrs: { href, title: label } },
      el('img', { attrs: { src: `${href}/thumbnail`, alt: file.name, width, height, loading: 'lazy' } }),
    );
  }
  return el(
    'a',
    { className: 'file-link', attrs: { href, 'aria-label': label } },
    el('span', { className: 'file-name', text: file.name }),
    el('span', { className: 'file-size', text: bytes(file.size) }),
  );
}

function deliveryText({ state, error }) {
  if (state === 'pending') return t('message.sending');
  if (state === 'waiting') return t('message.waiting');
  return t('message.notSent', { error });
}
