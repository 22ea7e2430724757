// The right side: the open conversation's title, its messages, who is typing, the composer.

import { $delegate, $on, el, qs, reconcile, show } from '../dom.js';
import { bytes, clock, dayKey, dayLabel, fullTime } from '../format.js';
import { isOnline } from './sidebar.js';

// Within this distance of the end the reader counts as "at the bottom": new messages keep
// them there and are marked read.
const BOTTOM_SLACK_PX = 48;
// Older history loads when the reader scrolls this close to the top, before they reach it.
const LOAD_OLDER_PX = 200;
// Messages from one sender this close together are drawn as one run, without repeating the name.
const RUN_GAP_MS = 5 * 60_000;

export class ChatView {
  #app = qs('#app');
  #scroller = qs('#messages');
  #items = qs('#message-items');
  #input = qs('#message-input');
  #marker = qs('#new-messages');
  #composer = qs('#composer');
  #shownId = null;
  #newestKey = null;
  #drafts = new Map();
  #handlers = {};

  constructor() {
    $on(this.#scroller, 'scroll', () => this.#scrolled());
    $on(this.#marker, 'click', () => {
      this.#scrollToBottom();
      this.#input.focus();
    });
    $on(this.#input, 'keydown', (event) => {
      // Enter sends; Shift+Enter is a new line; an IME composing text keeps its Enter.
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.#submit();
      }
    });
    $on(this.#composer, 'submit', (event) => {
      event.preventDefault();
      this.#submit();
    });
    $on(this.#input, 'input', () => {
      if (this.#input.value.trim()) this.#handlers.typing?.(this.#shownId);
    });
    $delegate(this.#items, 'button.retry', 'click', (event, button) =>
      this.#handlers.retry?.(button.closest('li').dataset.key),
    );
    $delegate(this.#items, 'button.load-older', 'click', () => this.#handlers.loadOlder?.(this.#shownId, true));
  }

  /** Forgets the signed-out person's drafts. */
  reset() {
    this.#switchTo(null);
    this.#drafts.clear();
    this.#input.value = '';
  }

  bindSend(handler) {
    this.#handlers.send = handler;
  }

  bindTyping(handler) {
    this.#handlers.typing = handler;
  }

  bindLoadOlder(handler) {
    this.#handlers.loadOlder = handler;
  }

  bindRetry(handler) {
    this.#handlers.retry = handler;
  }

  /** handler(id): the open conversation's newest message is in view. */
  bindRead(handler) {
    this.#handlers.read = handler;
  }

  bindBack(handler) {
    $on(qs('#back'), 'click', handler);
  }

  bindMembers(handler) {
    $on(qs('#members-button'), 'click', handler);
  }

  render(store) {
    const conversation = store.conversations.get(store.openId) ?? null;
    this.#app.classList.toggle('chat-open', conversation != null);
    this.#renderHeader(conversation, store);
    show(qs('#chat-empty'), conversation == null);
    show(this.#scroller, conversation != null);
    if (conversation == null) {
      this.#switchTo(null);
      show(this.#composer, false);
      show(qs('#read-only'), false);
      show(this.#marker, false);
      qs('#typing').textContent = '';
      return;
    }
    const switched = this.#switchTo(conversation.id);
    this.#renderMessages(conversation, store, switched);
    qs('#typing').textContent = typingText(store.typingIn(conversation.id));
    show(this.#composer, conversation.canSend);
    show(qs('#read-only'), !conversation.canSend);
    if (switched && conversation.canSend) this.#input.focus();
  }

  /** Keeps each conversation's unsent draft; answers whether the conversation changed. */
  #switchTo(id) {
    if (id === this.#shownId) return false;
    if (this.#shownId != null) this.#drafts.set(this.#shownId, this.#input.value);
    this.#input.value = this.#drafts.get(id) ?? '';
    this.#shownId = id;
    this.#newestKey = null;
    this.#items.replaceChildren();
    return true;
  }

  #renderHeader(conversation, store) {
    qs('#chat-title').textContent = conversation?.title ?? 'Tidings';
    const subtitle = qs('#chat-subtitle');
    show(qs('#members-button'), conversation?.kind === 'group');
    if (conversation == null) {
      subtitle.textContent = '';
    } else if (conversation.kind === 'direct') {
      const presence = isOnline(conversation, store) ? 'online' : 'offline';
      subtitle.textContent = `Chatting with @${conversation.otherUser?.username} · ${presence}`;
    } else {
      const online = (store.members.get(conversation.id) ?? []).filter((m) => store.online.has(m.id) && m.id !== store.me.id);
      subtitle.textContent = `${conversation.memberCount} members${online.length ? ` · ${online.length} online` : ''}`;
    }
  }

  #renderMessages(conversation, store, switched) {
    const history = store.history(conversation.id);
    const entries = buildEntries(history, store.outbox.filter((item) => item.conversationId === conversation.id), store.me);
    const wasAtBottom = switched || this.#atBottom();
    const before = { height: this.#scroller.scrollHeight, top: this.#scroller.scrollTop, first: firstMessageKey(this.#items) };
    reconcile(this.#items, entries, { key: (entry) => entry.key, create: createEntry, update: updateEntry });

    const newest = entries.filter((entry) => entry.kind === 'message').at(-1);
    const arrived = newest != null && newest.key !== this.#newestKey && this.#newestKey != null;
    if (wasAtBottom || (arrived && newest.mine)) {
      this.#scrollToBottom();
    } else if (firstMessageKey(this.#items) !== before.first) {
      // Older messages went in above: keep the reader's place.
      this.#scroller.scrollTop = before.top + (this.#scroller.scrollHeight - before.height);
    } else if (arrived) {
      show(this.#marker, true);
    }
    this.#newestKey = newest?.key ?? null;

    if (this.#atBottom()) this.#handlers.read?.(conversation.id);
    // A short history does not fill the window, so no scrolling would ever ask for more.
    if (history?.hasMore && !history.loading && !history.failed && this.#scroller.scrollHeight <= this.#scroller.clientHeight) {
      this.#handlers.loadOlder?.(conversation.id);
    }
  }

  #scrolled() {
    if (this.#shownId == null) return;
    if (this.#atBottom()) {
      show(this.#marker, false);
      this.#handlers.read?.(this.#shownId);
    }
    if (this.#scroller.scrollTop < LOAD_OLDER_PX) this.#handlers.loadOlder?.(this.#shownId);
  }

  #atBottom() {
    const s = this.#scroller;
    return s.scrollHeight - s.scrollTop - s.clientHeight <= BOTTOM_SLACK_PX;
  }

  #scrollToBottom() {
    this.#scroller.scrollTop = this.#scroller.scrollHeight;
    show(this.#marker, false);
  }

  #submit() {
    const body = this.#input.value.trim();
    if (!body || this.#shownId == null) return;
    this.#handlers.send?.(this.#shownId, body);
    this.#input.value = '';
    this.#drafts.delete(this.#shownId);
    this.#input.focus();
  }
}

/** The list's rows: a history marker, then messages (sent, then queued) with day separators. */
function buildEntries(history, queued, me) {
  const entries = [];
  if (history) entries.push({ kind: 'older', key: 'older', history });
  const messages = [
    ...(history?.messages ?? []).map((message) => ({ message, state: 'sent', error: null })),
    ...queued.map((item) => ({
      message: { body: item.body, sentAt: item.sentAt, sender: me, clientMsgId: item.clientMsgId },
      state: item.state,
      error: item.error,
    })),
  ];
  let previous = null;
  for (const { message, state, error } of messages) {
    const day = dayKey(message.sentAt);
    const sameDay = previous != null && dayKey(previous.sentAt) === day;
    if (!sameDay) entries.push({ kind: 'day', key: `day:${day}`, label: dayLabel(message.sentAt) });
    entries.push({
      kind: 'message',
      // The client's id when there is one, so a queued message turns into the sent one in place.
      key: message.clientMsgId ?? `id:${message.id}`,
      message,
      mine: message.sender.id === me.id,
      continued:
        sameDay &&
        previous.sender.id === message.sender.id &&
        new Date(message.sentAt) - new Date(previous.sentAt) < RUN_GAP_MS,
      state,
      error,
    });
    previous = message;
  }
  return entries;
}

function firstMessageKey(items) {
  return items.querySelector('li.message')?.dataset.key ?? null;
}

function createEntry(entry) {
  if (entry.kind === 'older') {
    return el('li', { className: 'history-edge' });
  }
  if (entry.kind === 'day') {
    return el('li', { className: 'day' }, el('span', { className: 'day-label' }));
  }
  return el(
    'li',
    { className: 'message' },
    el('div', { className: 'meta' }, el('span', { className: 'sender' }), el('time', { className: 'time' })),
    el('p', { className: 'body' }),
    el('div', { className: 'attachment' }),
    el('p', { className: 'delivery' }, el('span', { className: 'state' }), el('button', { className: 'retry', text: 'Retry', attrs: { type: 'button' } })),
  );
}

function updateEntry(node, entry) {
  if (entry.kind === 'older') {
    const { history } = entry;
    const mode = history.loading ? 'loading' : history.failed ? 'failed' : history.hasMore ? 'more' : 'start';
    if (node.dataset.mode === mode) return;
    node.dataset.mode = mode;
    const button = (text) => el('button', { className: 'load-older link', text, attrs: { type: 'button' } });
    if (mode === 'loading') node.replaceChildren('Loading…');
    else if (mode === 'failed') node.replaceChildren('Could not load the messages. ', button('Try again'));
    else if (mode === 'more') node.replaceChildren(button('Load older messages'));
    else node.replaceChildren('This is the beginning of the conversation.');
    return;
  }
  if (entry.kind === 'day') {
    qs('.day-label', node).textContent = entry.label;
    return;
  }
  const { message, state } = entry;
  node.classList.toggle('mine', entry.mine);
  node.classList.toggle('continued', entry.continued);
  node.dataset.state = state;
  qs('.sender', node).textContent = entry.mine ? 'You' : message.sender.displayName;
  const time = qs('.time', node);
  time.textContent = clock(message.sentAt);
  time.dateTime = message.sentAt;
  time.title = fullTime(message.sentAt);
  qs('.body', node).textContent = message.body;
  updateAttachment(node, message.attachment);
  const delivery = qs('.delivery', node);
  show(delivery, state !== 'sent');
  qs('.state', delivery).textContent = deliveryText(entry);
  show(qs('.retry', delivery), state === 'failed' || state === 'waiting');
}

/** A file message: its body is the file's name, which the thumbnail or the link shows instead. */
function updateAttachment(node, file) {
  const box = qs('.attachment', node);
  show(qs('.body', node), file == null);
  show(box, file != null);
  const key = file == null ? '' : String(file.fileId);
  if (box.dataset.fileId === key) return;
  box.dataset.fileId = key;
  box.replaceChildren(...(file == null ? [] : [attachmentLink(file)]));
}

function attachmentLink(file) {
  const href = `/api/files/${encodeURIComponent(file.fileId)}`;
  const label = `Download ${file.name}, ${bytes(file.size)}`;
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
  if (state === 'pending') return 'Sending…';
  if (state === 'waiting') return 'Not sent yet: it goes out when the server is back.';
  return `Not sent: ${error}`;
}

function typingText(names) {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return 'Several people are typing…';
}
