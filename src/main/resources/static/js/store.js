// The client's state, and the only place that changes it. Every change goes through a method
// here, which then tells the subscribers (the views) once per microtask.
//
// Counters are merged, never replaced by a staler value: a conversation's lastSeq and readSeq
// only grow, so an event that the snapshot already included changes nothing. That is what
// lets the client read its snapshot while the stream is already moving.

// As the server cuts lastMessagePreview (chat/Messages.java).
const PREVIEW_CHARS = 140;

export class Store {
  me = null;
  conversations = new Map(); // id -> conversation summary, as GET /api/conversations lists it
  members = new Map(); // conversation id -> [member], for groups whose details were loaded
  friends = new Map(); // user id -> friend
  incoming = new Map(); // request id -> friend request to me
  outgoing = new Map(); // request id -> friend request from me
  online = new Set(); // user ids
  histories = new Map(); // conversation id -> {messages (by seq), hasMore, loading}
  outbox = []; // messages not yet accepted by the server, oldest first
  typing = new Map(); // conversation id -> Map(user id -> {name, until})
  readers = new Map(); // conversation id -> Map(user id -> readSeq): others' read receipts
  openId = null;
  tab = 'friends';
  connection = { state: 'connecting', transport: null };
  notifications = false;

  #listeners = [];
  #scheduled = false;

  subscribe(listener) {
    this.#listeners.push(listener);
  }

  changed() {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // A microtask, not requestAnimationFrame: hidden tabs get no frames, and the document
    // title must still count unread messages there.
    queueMicrotask(() => {
      this.#scheduled = false;
      for (const listener of this.#listeners) listener(this);
    });
  }

  // --- snapshot ---------------------------------------------------------------------------

  setSnapshot({ conversations, friends, requests, presence }) {
    const known = this.conversations;
    this.conversations = new Map();
    for (const conversation of conversations) {
      this.conversations.set(conversation.id, mergeCounters(conversation, known.get(conversation.id)));
    }
    this.friends = new Map(friends.map((friend) => [friend.user.id, friend]));
    this.incoming = new Map(requests.incoming.map((r) => [r.id, r]));
    this.outgoing = new Map(requests.outgoing.map((r) => [r.id, r]));
    this.online = new Set(presence.online);
    for (const id of this.members.keys()) if (!this.conversations.has(id)) this.members.delete(id);
    if (this.openId != null && !this.conversations.has(this.openId)) this.openId = null;
    this.changed();
  }

  /** After 410 cursor_expired the stream skipped events: loaded histories may have holes. */
  forgetHistories() {
    this.histories.clear();
    this.changed();
  }

  // --- conversations ----------------------------------------------------------------------

  upsertConversation(conversation) {
    const { members, ...summary } = conversation;
    this.conversations.set(summary.id, mergeCounters(summary, this.conversations.get(summary.id)));
    if (members) this.members.set(summary.id, members);
    this.changed();
  }

  patchConversation(id, patch) {
    const conversation = this.conversations.get(id);
    if (!conversation) return;
    this.conversations.set(id, { ...conversation, ...patch });
    this.changed();
  }

  removeConversation(id) {
    this.conversations.delete(id);
    this.members.delete(id);
    this.histories.delete(id);
    this.typing.delete(id);
    this.readers.delete(id);
    this.outbox = this.outbox.filter((item) => item.conversationId !== id);
    if (this.openId === id) this.openId = null;
    this.changed();
  }

  setMembers(id, members) {
    this.members.set(id, members);
    this.changed();
  }

  unread(conversation) {
    return Math.max(0, conversation.lastSeq - conversation.readSeq);
  }

  mentions(conversation) {
    return this.unread(conversation) > 0 ? (conversation.unreadMentions ?? 0) : 0;
  }

  /** Friends' direct conversations and groups, latest activity first. */
  listed(kind) {
    return [...this.conversations.values()]
      .filter((conversation) => conversation.kind === kind)
      .sort((a, b) => time(b.lastActivityAt) - time(a.lastActivityAt) || b.id - a.id);
  }

  /**
   * What counts towards the title and the tabs: every unread message of a conversation on "all",
   * only the unread mentions on "mentions", nothing from a muted one (its row still shows its
   * count, quietly).
   */
  loudUnread(conversation) {
    const level = conversation.notifications ?? 'all';
    if (level === 'none') return 0;
    return level === 'mentions' ? this.mentions(conversation) : this.unread(conversation);
  }

  totalUnread(kind = null) {
    let total = 0;
    for (const conversation of this.conversations.values()) {
      if (kind == null || conversation.kind === kind) total += this.loudUnread(conversation);
    }
    return total;
  }

  // --- messages ---------------------------------------------------------------------------

  /** A message from the stream or from a send's answer; both may come, in either order. */
  addMessage(message) {
    const conversation = this.conversations.get(message.conversationId);
    if (conversation) {
      const newest = message.seq >= conversation.lastSeq;
      this.conversations.set(message.conversationId, {
        ...conversation,
        lastSeq: Math.max(conversation.lastSeq, message.seq),
        readSeq: message.sender.id === this.me?.id ? Math.max(conversation.readSeq, message.seq) : conversation.readSeq,
        unreadMentions: (conversation.unreadMentions ?? 0) + (mentionsMe(message, this.me) && message.seq > conversation.lastSeq ? 1 : 0),
        ...(newest && {
          lastMessagePreview: preview(message.body),
          lastMessageAt: message.sentAt,
          lastActivityAt: message.sentAt,
        }),
      });
    }
    const history = this.histories.get(message.conversationId);
    if (history) history.messages = mergeBySeq(history.messages, [message]);
    this.outbox = this.outbox.filter((item) => item.clientMsgId !== message.clientMsgId);
    this.typing.get(message.conversationId)?.delete(message.sender.id);
    this.changed();
  }

  history(id) {
    return this.histories.get(id);
  }

  /** message.updated: the new version replaces the old one, where it is loaded. */
  updateMessage(message) {
    // The rewritten form of an edit whose message was deleted later: message.deleted says it.
    if (message.deleted) return;
    const history = this.histories.get(message.conversationId);
    if (history?.messages.some((known) => known.id === message.id)) {
      // mentionsEveryone is left out when false, so an edit that dropped @everyone must clear it.
      const edited = { ...message, mentionsEveryone: message.mentionsEveryone === true };
      history.messages = history.messages.map((known) => (known.id === message.id ? { ...known, ...edited } : known));
    }
    this.#refreshReplies(message.conversationId, message.id, { preview: preview(message.body), deleted: false });
    this.#refreshPreview(message);
    this.changed();
  }

  /** message.deleted: a tombstone keeps its seq, so the history stays gapless. */
  deleteMessage(conversationId, messageId) {
    const history = this.histories.get(conversationId);
    if (history) {
      history.messages = history.messages.map((known) =>
        known.id === messageId ? { ...known, deleted: true, body: '', attachment: null, reactions: [], mentions: [] } : known,
      );
    }
    this.#refreshReplies(conversationId, messageId, { preview: null, deleted: true });
    this.changed();
  }

  /** reaction.added / reaction.removed from anyone (me included, from any of my tabs). */
  changeReaction(conversationId, messageId, emoji, userId, added) {
    const history = this.histories.get(conversationId);
    const message = history?.messages.find((known) => known.id === messageId);
    if (!message) return;
    message.reactions = toggleReaction(message.reactions ?? [], emoji, userId, added, userId === this.me.id);
    this.changed();
  }

  /** The around= page of a jump: it replaces the loaded history, which may not reach it. */
  replaceHistory(id, page) {
    const history = this.startHistory(id);
    Object.assign(history, { messages: page.messages, hasMore: page.hasMore, loaded: true, detached: page.hasNewer === true });
    this.changed();
  }

  /** GET …/reads: where the others have read to, as the starting point for member.read. */
  setReaders(conversationId, reads) {
    for (const { userId, readSeq } of reads) this.setReader(conversationId, userId, readSeq);
  }

  setReader(conversationId, userId, readSeq) {
    if (!this.readers.has(conversationId)) this.readers.set(conversationId, new Map());
    const readers = this.readers.get(conversationId);
    if ((readers.get(userId) ?? 0) >= readSeq) return;
    readers.set(userId, readSeq);
    this.changed();
  }

  #refreshReplies(conversationId, messageId, replyTo) {
    const history = this.histories.get(conversationId);
    if (!history) return;
    history.messages = history.messages.map((known) =>
      known.replyTo?.id === messageId ? { ...known, replyTo: { ...known.replyTo, ...replyTo } } : known,
    );
  }

  /** An edit of the newest message changes the conversation list's preview. */
  #refreshPreview(message) {
    const conversation = this.conversations.get(message.conversationId);
    if (conversation && message.seq === conversation.lastSeq) {
      this.conversations.set(conversation.id, { ...conversation, lastMessagePreview: preview(message.body) });
    }
  }

  startHistory(id) {
    const history = { messages: [], hasMore: true, loading: false, loaded: false, failed: false };
    this.histories.set(id, history);
    this.changed();
    return history;
  }

  addPage(id, page) {
    const history = this.histories.get(id);
    if (!history) return;
    history.messages = mergeBySeq(history.messages, page.messages);
    history.hasMore = page.hasMore;
    history.loading = false;
    history.loaded = true;
    history.failed = false;
    this.changed();
  }

  setHistoryLoading(id) {
    const history = this.histories.get(id);
    if (history) history.loading = true;
    this.changed();
  }

  setHistoryFailed(id) {
    const history = this.histories.get(id);
    if (history) Object.assign(history, { loading: false, failed: true });
    this.changed();
  }

  setRead(id, readSeq) {
    const conversation = this.conversations.get(id);
    if (conversation && readSeq > conversation.readSeq) {
      // Mentions carry no seq in the list, so only reading to the end clears their count.
      const unreadMentions = readSeq >= conversation.lastSeq ? 0 : conversation.unreadMentions;
      this.conversations.set(id, { ...conversation, readSeq, unreadMentions });
      this.changed();
    }
  }

  // --- outbox -----------------------------------------------------------------------------

  queue(item) {
    this.outbox.push(item);
    this.changed();
  }

  updateQueued(clientMsgId, patch) {
    const item = this.outbox.find((queued) => queued.clientMsgId === clientMsgId);
    if (item) Object.assign(item, patch);
    this.changed();
  }

  // --- people -----------------------------------------------------------------------------

  addFriend(friend) {
    this.friends.set(friend.user.id, friend);
    this.changed();
  }

  removeFriend(userId) {
    this.friends.delete(userId);
    this.changed();
  }

  addRequest(request) {
    (request.to.id === this.me.id ? this.incoming : this.outgoing).set(request.id, request);
    this.changed();
  }

  removeRequest(id) {
    this.incoming.delete(id);
    this.outgoing.delete(id);
    this.changed();
  }

  setOnline(userId, online) {
    if (online) this.online.add(userId);
    else this.online.delete(userId);
    this.changed();
  }

  setTyping(conversationId, userId, name, until) {
    if (!this.typing.has(conversationId)) this.typing.set(conversationId, new Map());
    this.typing.get(conversationId).set(userId, { name, until });
    this.changed();
  }

  expireTyping(now) {
    let expired = false;
    for (const people of this.typing.values()) {
      for (const [userId, entry] of people) {
        if (entry.until <= now) {
          people.delete(userId);
          expired = true;
        }
      }
    }
    if (expired) this.changed();
  }

  typingIn(conversationId) {
    return [...(this.typing.get(conversationId)?.values() ?? [])].map((entry) => entry.name);
  }

  // --- view state -------------------------------------------------------------------------

  set(patch) {
    Object.assign(this, patch);
    this.changed();
  }
}

/** The newer of two views of one conversation: counters only move forward. */
function mergeCounters(fresh, known) {
  if (!known) return fresh;
  const merged = { ...fresh, lastSeq: Math.max(fresh.lastSeq, known.lastSeq), readSeq: Math.max(fresh.readSeq, known.readSeq) };
  if (known.lastSeq > fresh.lastSeq) {
    merged.lastMessagePreview = known.lastMessagePreview;
    merged.lastMessageAt = known.lastMessageAt;
    merged.lastActivityAt = known.lastActivityAt;
  }
  return merged;
}

/** Instants may print without their fraction ("…:35Z"), so they are compared as times, not text. */
function time(iso) {
  return iso ? Date.parse(iso) : 0;
}

function mergeBySeq(messages, more) {
  const bySeq = new Map(messages.map((message) => [message.seq, message]));
  for (const message of more) bySeq.set(message.seq, message);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** A message names me: by @username, or by @everyone (the server resolved both). */
function mentionsMe(message, me) {
  return me != null && message.sender.id !== me.id && (message.mentionsEveryone === true || (message.mentions ?? []).includes(me.id));
}

/**
 * Reactions after one person added or removed one: `userIds` (who reacted, in order) decides,
 * so a change the loaded page already counted is not counted again.
 */
function toggleReaction(reactions, emoji, userId, added, mine) {
  const list = reactions.map((reaction) => ({ ...reaction }));
  let reaction = list.find((candidate) => candidate.emoji === emoji);
  const users = new Set(reaction?.userIds ?? []);
  if (added === users.has(userId)) return reactions;
  if (!reaction) {
    if (!added) return reactions;
    reaction = { emoji, count: 0, me: false, userIds: [] };
    list.push(reaction);
  }
  if (added) users.add(userId);
  else users.delete(userId);
  reaction.userIds = [...users];
  reaction.count = reaction.userIds.length;
  if (mine) reaction.me = added;
  return list.filter((candidate) => candidate.count > 0);
}

function preview(body) {
  const oneLine = body.replace(/\s+/g, ' ');
  const chars = [...oneLine];
  return chars.length <= PREVIEW_CHARS ? oneLine : `${chars.slice(0, PREVIEW_CHARS).join('')}…`;
}
