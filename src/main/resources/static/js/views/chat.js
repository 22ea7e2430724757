// The right side: the open conversation's title, its messages, who is typing, the composer.

import { $delegate, $on, qs, reconcile, show } from '../dom.js';
import { dayKey, dayLabel } from '../format.js';
import { Composer } from './composer.js';
import { emojiPicker } from './emoji-picker.js';
import { createEntry, updateEntry } from './message.js';
import { isOnline } from './sidebar.js';
import { t } from '../i18n.js';

// Within this distance of the end the reader counts as "at the bottom": new messages keep
// them there and are marked read.
const BOTTOM_SLACK_PX = 48;
// Older history loads when the reader scrolls this close to the top, before they reach it.
const LOAD_OLDER_PX = 200;
// Messages from one sender this close together are drawn as one run, without repeating the name.
const RUN_GAP_MS = 5 * 60_000;
// A message jumped to (a reply's original) stays lit this long, so the eye finds it.
const HIGHLIGHT_MS = 2_500;

export class ChatView {
  #app = qs('#app');
  #scroller = qs('#messages');
  #items = qs('#message-items');
  #marker = qs('#new-messages');
  #composer;
  #shownId = null;
  #newestKey = null;
  // The read pointer when the conversation was opened: the "New" divider goes after it.
  #unreadAfter = null;
  // The divider has not been scrolled to yet (the history loads after the switch).
  #dividerPending = false;
  #highlight = null; // {seq, until} of a message jumped to
  #handlers = {};
  #store = null;

  constructor() {
    this.#composer = new Composer({
      send: (id, body, replyTo) => this.#handlers.send?.(id, body, replyTo),
      edit: (message, body) => this.#handlers.edit?.(message, body),
      editLast: () => this.#editLast(),
      typing: (id) => this.#handlers.typing?.(id),
    });
    $on(this.#scroller, 'scroll', () => this.#scrolled());
    $on(this.#marker, 'click', () => {
      this.#scrollToBottom();
      this.#composer.focus();
    });
    $delegate(this.#items, 'button.retry', 'click', (event, button) =>
      this.#handlers.retry?.(button.closest('li').dataset.key),
    );
    $delegate(this.#items, 'button.load-older', 'click', () => this.#handlers.loadOlder?.(this.#shownId, true));
    $delegate(this.#items, 'button.latest', 'click', () => this.#handlers.latest?.(this.#shownId));
    $delegate(this.#items, '.actions button', 'click', (event, button) => this.#act(button.dataset.action, button));
    $delegate(this.#items, 'button.reaction', 'click', (event, button) => {
      const message = this.#messageOf(button);
      const mine = button.getAttribute('aria-pressed') === 'true';
      if (message) this.#handlers.react?.(message, button.dataset.emoji, !mine);
    });
    $delegate(this.#items, 'button.reply-quote', 'click', (event, button) =>
      this.#handlers.jump?.(this.#shownId, Number(button.dataset.seq)),
    );
    $delegate(this.#items, 'button.edited', 'click', (event, button) => {
      const message = this.#messageOf(button);
      if (message) this.#handlers.versions?.(message);
    });
  }

  /** Forgets the signed-out person's drafts. */
  reset() {
    this.#switchTo(null, null);
    this.#composer.reset();
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

  /**
   * The things one can do to a message: edit(message, body), delete(message) (after the
   * person confirmed), react(message, emoji, add), jump(conversationId, seq), latest(id),
   * versions(message), report(message).
   */
  bindMessageActions(handlers) {
    Object.assign(this.#handlers, handlers);
  }

  bindBack(handler) {
    $on(qs('#back'), 'click', handler);
  }

  bindMembers(handler) {
    $on(qs('#members-button'), 'click', handler);
  }

  /** handler(conversationId, level) when this user picks all, mentions or none. */
  bindNotifications(handler) {
    $on(qs('#notifications-level'), 'change', (event) => handler(this.#store.openId, event.target.value));
  }

  /** Scrolls to the message with this seq (once it is loaded) and lights it up for a moment. */
  highlight(seq) {
    this.#highlight = { seq, until: Date.now() + HIGHLIGHT_MS };
    this.#showHighlight();
  }

  render(store) {
    this.#store = store;
    const conversation = store.conversations.get(store.openId) ?? null;
    this.#app.classList.toggle('chat-open', conversation != null);
    this.#renderHeader(conversation, store);
    show(qs('#chat-empty'), conversation == null);
    show(this.#scroller, conversation != null);
    const composer = qs('#composer');
    if (conversation == null) {
      this.#switchTo(null, null);
      show(composer, false);
      show(qs('#read-only'), false);
      show(this.#marker, false);
      qs('#typing').textContent = '';
      return;
    }
    const switched = this.#switchTo(conversation.id, conversation);
    this.#composer.setPeople(mentionable(conversation, store));
    this.#renderMessages(conversation, store, switched);
    qs('#typing').textContent = typingText(store.typingIn(conversation.id));
    show(composer, conversation.canSend);
    show(qs('#read-only'), !conversation.canSend);
    if (switched && conversation.canSend) this.#composer.focus();
    this.#showHighlight();
  }

  #switchTo(id, conversation) {
    if (!this.#composer.switchTo(id) && id === this.#shownId) return false;
    this.#shownId = id;
    this.#newestKey = null;
    this.#unreadAfter = conversation && conversation.lastSeq > conversation.readSeq ? conversation.readSeq : null;
    this.#dividerPending = this.#unreadAfter != null;
    this.#items.replaceChildren();
    return true;
  }

  #renderHeader(conversation, store) {
    qs('#chat-title').textContent = conversation?.title ?? t('app.name');
    const subtitle = qs('#chat-subtitle');
    show(qs('#members-button'), conversation?.kind === 'group');
    show(qs('#notifications-setting'), conversation != null);
    const level = qs('#notifications-level');
    if (conversation && document.activeElement !== level) level.value = conversation.notifications ?? 'all';
    if (conversation == null) {
      subtitle.textContent = '';
    } else if (conversation.kind === 'direct') {
      const presence = conversation.otherUser?.deactivated
        ? t('user.deactivated')
        : isOnline(conversation, store) ? t('presence.online') : t('presence.offline');
      subtitle.textContent = `@${conversation.otherUser?.username} · ${presence}`;
    } else {
      const online = (store.members.get(conversation.id) ?? []).filter((m) => store.online.has(m.id) && m.id !== store.me.id);
      subtitle.textContent = `${t('chat.memberCount', { count: conversation.memberCount })}${online.length ? ` · ${t('chat.onlineCount', { count: online.length })}` : ''}`;
    }
  }

  #renderMessages(conversation, store, switched) {
    const history = store.history(conversation.id);
    const queued = store.outbox.filter((item) => item.conversationId === conversation.id);
    const entries = buildEntries(history, queued, rowContext(conversation, store, this.#unreadAfter));
    const wasAtBottom = switched || this.#atBottom();
    const before = { height: this.#scroller.scrollHeight, top: this.#scroller.scrollTop, first: firstMessageKey(this.#items) };
    reconcile(this.#items, entries, { key: (entry) => entry.key, create: createEntry, update: updateEntry });

    const newest = entries.filter((entry) => entry.kind === 'message').at(-1);
    const arrived = newest != null && newest.key !== this.#newestKey && this.#newestKey != null;
    const divider = this.#dividerPending ? qs('li.unread-divider', this.#items) : null;
    if (history?.loaded) this.#dividerPending = false;
    if (divider) {
      // Open at the first unread message, not below it.
      divider.scrollIntoView({ block: 'start' });
    } else if (this.#highlight) {
      // The jump decides where the list is.
    } else if (wasAtBottom || (arrived && newest.mine)) {
      this.#scrollToBottom();
    } else if (firstMessageKey(this.#items) !== before.first) {
      // Older messages went in above: keep the reader's place.
      this.#scroller.scrollTop = before.top + (this.#scroller.scrollHeight - before.height);
    } else if (arrived) {
      show(this.#marker, true);
    }
    this.#newestKey = newest?.key ?? null;

    if (this.#atBottom() && !history?.detached) this.#handlers.read?.(conversation.id);
    // A short history does not fill the window, so no scrolling would ever ask for more.
    if (history?.hasMore && !history.loading && !history.failed && this.#scroller.scrollHeight <= this.#scroller.clientHeight) {
      this.#handlers.loadOlder?.(conversation.id);
    }
  }

  #showHighlight() {
    if (!this.#highlight) return;
    for (const lit of this.#items.querySelectorAll('li.highlight')) lit.classList.remove('highlight');
    if (Date.now() > this.#highlight.until) {
      this.#highlight = null;
      return;
    }
    const node = qs(`li.message[data-seq="${this.#highlight.seq}"]`, this.#items);
    if (!node) return;
    node.classList.add('highlight');
    if (!node.dataset.jumped) {
      node.dataset.jumped = 'true';
      node.scrollIntoView({ block: 'center' });
      setTimeout(() => {
        node.classList.remove('highlight');
        delete node.dataset.jumped;
        this.#highlight = null;
      }, HIGHLIGHT_MS);
    }
  }

  #messageOf(node) {
    const id = Number(node.closest('li.message')?.dataset.id);
    return this.#store?.history(this.#shownId)?.messages.find((message) => message.id === id) ?? null;
  }

  #act(action, button) {
    const message = this.#messageOf(button);
    if (!message) return;
    if (action === 'edit') this.#composer.edit(message);
    else if (action === 'reply') this.#composer.reply(message, message.sender.id === this.#store.me.id ? t('composer.yourself') : message.sender.displayName);
    else if (action === 'react') emojiPicker().open(button, (emoji) => this.#handlers.react?.(message, emoji, true));
    else if (action === 'delete') this.#handlers.delete?.(message, () => this.#composer.forget(message.id));
    else if (action === 'report') this.#handlers.report?.(message);
  }

  /** Up in an empty field: the newest message of mine that can still be edited. */
  #editLast() {
    const me = this.#store?.me.id;
    const messages = this.#store?.history(this.#shownId)?.messages ?? [];
    const last = messages.findLast((message) => message.sender.id === me && !message.deleted && !message.attachment);
    if (last) this.#composer.edit(last);
  }

  #scrolled() {
    if (this.#shownId == null) return;
    if (this.#atBottom()) {
      show(this.#marker, false);
      if (!this.#store?.history(this.#shownId)?.detached) this.#handlers.read?.(this.#shownId);
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
}

/** What every row needs to know about the conversation and the reader. */
function rowContext(conversation, store, unreadAfter) {
  const me = store.me;
  const members = store.members.get(conversation.id) ?? [];
  const people = conversation.kind === 'direct' ? [me, conversation.otherUser].filter(Boolean) : members;
  const names = new Map(people.map((person) => [person.id, person.displayName]));
  // What the lists say now wins over a sender's mark in history loaded earlier.
  const deactivated = new Map(people.map((person) => [person.id, person.deactivated === true]));
  const usernames = new Map(people.map((person) => [person.username?.toLowerCase(), person.id]));
  const moderator = conversation.kind === 'group' && (conversation.role === 'owner' || conversation.role === 'admin');
  return {
    me,
    names,
    deactivated,
    unreadAfter,
    canSend: conversation.canSend,
    moderator,
    receipts: me.shareReadReceipts !== false ? receiptsOf(conversation, store) : null,
    // Highlighted mentions: members' @usernames, and @everyone in groups.
    mention: (name) => {
      const lower = name.toLowerCase();
      if (lower === 'everyone' && conversation.kind === 'group') return 'other';
      const id = usernames.get(lower);
      return id == null ? null : id === me.id ? 'me' : 'other';
    },
    mentionKey: [...usernames.keys()].join(','),
  };
}

/** Read receipts: who has read up to which seq, with their names, newest first. */
function receiptsOf(conversation, store) {
  const readers = store.readers.get(conversation.id);
  if (!readers || readers.size === 0) return null;
  const names = new Map((conversation.kind === 'direct' ? [conversation.otherUser] : (store.members.get(conversation.id) ?? [])).filter(Boolean).map((p) => [p.id, p.displayName]));
  return { direct: conversation.kind === 'direct', readers: [...readers].map(([id, readSeq]) => ({ id, readSeq, name: names.get(id) ?? t('message.someone') })) };
}

/** The list's rows: a history marker, then messages (sent, then queued) with day separators. */
function buildEntries(history, queued, context) {
  const { me } = context;
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
  const receiptSeq = receiptPlacement(history?.messages ?? [], context);
  let previous = null;
  let divided = context.unreadAfter == null;
  for (const { message, state, error } of messages) {
    const day = dayKey(message.sentAt);
    const sameDay = previous != null && dayKey(previous.sentAt) === day;
    if (!sameDay) entries.push({ kind: 'day', key: `day:${day}`, label: dayLabel(message.sentAt) });
    const mine = message.sender.id === me.id;
    let brokeRun = false;
    if (!divided && state === 'sent' && message.seq > context.unreadAfter && !mine) {
      entries.push({ kind: 'unread', key: 'unread' });
      divided = true;
      brokeRun = true;
    }
    entries.push({
      kind: 'message',
      // The client's id when there is one, so a queued message turns into the sent one in place.
      key: message.clientMsgId ?? `id:${message.id}`,
      message,
      mine,
      meId: me.id,
      continued:
        sameDay &&
        !brokeRun &&
        previous.sender.id === message.sender.id &&
        !message.replyTo &&
        new Date(message.sentAt) - new Date(previous.sentAt) < RUN_GAP_MS,
      state,
      error,
      names: context.names,
      senderDeactivated: !mine && (context.deactivated.get(message.sender.id) ?? message.sender.deactivated === true),
      mention: context.mention,
      mentionKey: context.mentionKey,
      mentionsMe: !mine && (message.mentionsEveryone === true || (message.mentions ?? []).includes(me.id)),
      canSend: context.canSend,
      canDelete: context.canSend && (mine || context.moderator),
      receipt: message.seq != null && receiptSeq.has(message.seq) ? receiptSeq.get(message.seq) : null,
    });
    previous = message;
  }
  if (history?.detached) entries.push({ kind: 'latest', key: 'latest' });
  return entries;
}

/**
 * Where receipts show: in a direct conversation "Seen" under my newest message the other has
 * read; in a group "Seen by N" under my newest message anyone has read, naming them.
 */
function receiptPlacement(messages, { me, receipts }) {
  const placed = new Map();
  if (!receipts) return placed;
  const mine = messages.filter((message) => message.sender.id === me.id && !message.deleted);
  for (let i = mine.length - 1; i >= 0; i--) {
    const seen = receipts.readers.filter((reader) => reader.readSeq >= mine[i].seq);
    if (seen.length === 0) continue;
    placed.set(
      mine[i].seq,
      receipts.direct ? { text: t('receipt.seen') } : { text: t('receipt.seenBy', { count: seen.length }), names: seen.map((reader) => reader.name).join(t('common.listSeparator')) },
    );
    break;
  }
  return placed;
}

/** Who an @ can complete to: the other members (and @everyone for a group's moderators). */
function mentionable(conversation, store) {
  const people = conversation.kind === 'direct' ? [conversation.otherUser].filter(Boolean) : (store.members.get(conversation.id) ?? []).filter((m) => m.id !== store.me.id);
  const everyone = conversation.kind === 'group' && (conversation.role === 'owner' || conversation.role === 'admin');
  return [...people, ...(everyone ? [{ username: 'everyone', displayName: t('composer.everyone') }] : [])];
}

function firstMessageKey(items) {
  return items.querySelector('li.message')?.dataset.key ?? null;
}

function typingText(names) {
  if (names.length === 0) return '';
  if (names.length === 1) return t('typing.one', { name: names[0] });
  if (names.length === 2) return t('typing.two', { first: names[0], second: names[1] });
  return t('typing.several');
}
