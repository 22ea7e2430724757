// One signed-in user's session: the snapshot, the stream after it, and every action the views
// can ask for. Views never call the API themselves; they call these methods.

import { api } from './api.js';
import { eventHandler } from './events.js';
import { Outbox } from './outbox.js';
import { EventStream, TRANSPORTS } from './stream.js';
import { t } from './i18n.js';

// Typing notices go out at most this often while the user types: the receiver shows one for
// 5 s, so this keeps it lit without a request per key.
const TYPING_EVERY_MS = 3_000;
// Group rows light their presence dot from the members' presence, so the first groups' member
// lists load with the snapshot; more than this would make startup slow for little gain.
const GROUPS_WITH_MEMBERS = 30;
// If the snapshot cannot be read (server down while the page loads), try again this often.
const SNAPSHOT_RETRY_MS = 3_000;

/** ?transport=sse (or localStorage "tidings.transport") pins one transport; see docs/client.md. */
export function forcedTransport() {
  const wanted = new URLSearchParams(window.location.search).get('transport') ?? localStorage.getItem('tidings.transport');
  return TRANSPORTS.includes(wanted) ? wanted : null;
}

/** A ?transport= (or stored) value that names no transport, to report it; else null. */
export function unknownTransport() {
  const wanted = new URLSearchParams(window.location.search).get('transport') ?? localStorage.getItem('tidings.transport');
  return wanted != null && !TRANSPORTS.includes(wanted) ? wanted : null;
}

export class Session {
  #store;
  #stream;
  #outbox;
  #lastTyping = new Map();
  #readInFlight = new Map();
  #timers = [];
  #ended = false;

  constructor(store, { onSignedOut, onJob }) {
    this.#store = store;
    this.#outbox = new Outbox(store);
    const onEvent = eventHandler(store, {
      fetchConversation: (id) => this.#fetchConversation(id),
      // Blocks are rare; if this reload fails the lists catch up at the next snapshot.
      resyncPeople: () => this.#loadSnapshot().catch(() => {}),
      contactsChanged: () => this.#refreshPresence(),
      notify: (message) => this.#notify(message),
      jobChanged: onJob,
    });
    this.#stream = new EventStream(
      {
        onEvent,
        onState: (connection) => this.#connectionChanged(connection),
        onExpired: () => this.#resync(true),
        onUnauthenticated: onSignedOut,
      },
      forcedTransport(),
    );
  }

  async start(me) {
    this.#store.set({ me, notifications: localStorage.getItem('tidings.notifications') === 'on', unknownTransport: unknownTransport() });
    this.#timers.push(setInterval(() => this.#store.expireTyping(Date.now()), 1_000));
    window.addEventListener('online', this.#wake);
    document.addEventListener('visibilitychange', this.#wake);
    await this.#resync(false);
  }

  end() {
    this.#ended = true;
    this.#stream.stop();
    this.#timers.forEach(clearInterval);
    window.removeEventListener('online', this.#wake);
    document.removeEventListener('visibilitychange', this.#wake);
  }

  #wake = () => {
    if (document.visibilityState !== 'visible') return;
    this.#stream.reconnectNow();
    // Renders again, so what came in while hidden is marked read if it is in view now.
    this.#store.changed();
  };

  /**
   * Starting without a gap (docs/api.md): the cursor first, then the snapshot, then the stream
   * after that cursor, so whatever happens in between arrives as events.
   */
  async #resync(expired) {
    for (;;) {
      try {
        const { cursor } = await api.cursorNow();
        await this.#loadSnapshot();
        if (expired) this.#reloadHistories();
        if (!this.#ended) this.#stream.start(cursor);
        return;
      } catch (error) {
        if (error.code === 'unauthenticated' || this.#ended) return;
        this.#store.set({ connection: { state: 'reconnecting', transport: this.#stream.transport } });
        await new Promise((resolve) => setTimeout(resolve, SNAPSHOT_RETRY_MS));
      }
    }
  }

  async #loadSnapshot() {
    const [conversations, friends, requests, presence] = await Promise.all([
      api.conversations(),
      api.friends(),
      api.friendRequests(),
      api.presence(),
    ]);
    this.#store.setSnapshot({ conversations, friends, requests, presence });
    this.#loadGroupMembers();
  }

  async #loadGroupMembers() {
    const groups = this.#store.listed('group').slice(0, GROUPS_WITH_MEMBERS);
    for (const group of groups) {
      if (!this.#store.members.has(group.id)) await this.#fetchConversation(group.id);
    }
  }

  /** The stream skipped events: histories may have holes, so load the open one afresh. */
  #reloadHistories() {
    this.#store.forgetHistories();
    if (this.#store.openId != null) this.#loadHistory(this.#store.openId);
  }

  async #fetchConversation(id) {
    try {
      this.#store.upsertConversation(await api.conversation(id));
    } catch (error) {
      // Gone already (left, removed, deleted): the event saying so is on its way.
      if (error.code === 'not_found') this.#store.removeConversation(id);
    }
  }

  #connectionChanged(connection) {
    // One line per change: what a screenshot of a failing test, or a user's console, shows first.
    console.info(`stream ${connection.state} via ${connection.transport}`, connection.retryInMs ?? '');
    this.#store.set({ connection });
    if (connection.state !== 'live') return;
    this.#outbox.resume();
    // Presence changes are not replayed: after any gap, ask who is online now.
    this.#refreshPresence();
    if (this.#store.history(this.#store.openId)?.failed) this.loadOlder(this.#store.openId, true);
  }

  async #refreshPresence() {
    try {
      this.#store.set({ online: new Set((await api.presence()).online) });
    } catch {
      // The stream drops too when the server is gone, and asks again once it is back.
    }
  }

  #notify(message) {
    if (!this.#store.notifications || !document.hidden || !('Notification' in window)) return;
    if (Notification.permission !== 'granted') return;
    const conversation = this.#store.conversations.get(message.conversationId);
    if (!wantsNotification(conversation, message, this.#store.me.id)) return;
    const title = conversation?.kind === 'group' ? t('notify.inGroup', { name: message.sender.displayName, group: conversation.title }) : message.sender.displayName;
    const notification = new Notification(title, { body: message.body, tag: `conversation-${message.conversationId}` });
    notification.onclick = () => {
      window.focus();
      this.open(message.conversationId);
      notification.close();
    };
  }

  // --- actions the views ask for ----------------------------------------------------------

  open(id) {
    this.#store.set({ openId: id, tab: this.#store.conversations.get(id)?.kind === 'group' ? 'groups' : 'friends' });
    if (!this.#store.history(id)) this.#loadHistory(id);
    if (this.#store.conversations.get(id)?.kind === 'group') this.#fetchConversation(id);
    this.#loadReads(id);
  }

  /** Read receipts start from the others' pointers now; member.read events move them on. */
  async #loadReads(id) {
    if (this.#store.me.shareReadReceipts === false) return;
    try {
      this.#store.setReaders(id, (await api.reads(id)).reads);
    } catch {
      // Without them no "Seen" shows until the next member.read; nothing else depends on it.
    }
  }

  close() {
    this.#store.set({ openId: null });
  }

  #loadHistory(id) {
    this.#store.startHistory(id);
    this.loadOlder(id);
  }

  /**
   * The newest page first, then the page before the oldest loaded message. After a failure
   * only an explicit retry (the button, the stream coming back) asks again, so a server that
   * is down is not asked on every scroll.
   */
  async loadOlder(id, retry = false) {
    const history = this.#store.history(id);
    if (!history || history.loading || (history.loaded && !history.hasMore) || (history.failed && !retry)) return;
    this.#store.setHistoryLoading(id);
    try {
      this.#store.addPage(id, await api.history(id, history.loaded ? history.messages[0].seq : null));
    } catch {
      this.#store.setHistoryFailed(id);
    }
  }

  /** Called when the open conversation is on screen with its newest message in view. */
  async markRead(id) {
    const conversation = this.#store.conversations.get(id);
    if (!conversation || document.visibilityState !== 'visible' || this.#store.unread(conversation) === 0) return;
    const seq = conversation.lastSeq;
    if ((this.#readInFlight.get(id) ?? 0) >= seq) return;
    this.#readInFlight.set(id, seq);
    try {
      this.#store.setRead(id, (await api.markRead(id, seq)).readSeq);
    } catch {
      this.#readInFlight.delete(id);
    }
  }

  send(id, body, replyTo = null) {
    this.#outbox.send(id, body, replyTo);
  }

  /** The answer updates the store at once; the message.updated event then changes nothing. */
  async edit(message, body) {
    this.#store.updateMessage(await api.edit(message.conversationId, message.id, body));
  }

  async deleteMessage(message) {
    await api.deleteMessage(message.conversationId, message.id);
    this.#store.deleteMessage(message.conversationId, message.id);
  }

  /** The reaction events change the counts, in this tab and the others alike. */
  react(message, emoji, add) {
    return add ? api.react(message.conversationId, message.id, emoji) : api.unreact(message.conversationId, message.id, emoji);
  }

  async versions(message) {
    return (await api.versions(message.conversationId, message.id)).versions;
  }

  /**
   * Shows the message with this seq: at once when it is loaded, else from a page centred on
   * it (?around=), which replaces the loaded history until the reader goes back to the latest.
   */
  async jump(id, seq) {
    if (this.#store.history(id)?.messages.some((message) => message.seq === seq)) return;
    this.#store.replaceHistory(id, await api.historyAround(id, seq));
  }

  /**
   * Opens a conversation at the message with this seq (a search result). The page around it is
   * fetched before opening, so the newest page that opening would load cannot race it.
   */
  async openAt(id, seq) {
    if (!this.#store.history(id)?.messages.some((message) => message.seq === seq)) {
      this.#store.replaceHistory(id, await api.historyAround(id, seq));
    }
    this.open(id);
  }

  /** Back from a jump: the newest page again. */
  latest(id) {
    this.#loadHistory(id);
  }

  async toggleReadReceipts() {
    const share = this.#store.me.shareReadReceipts === false;
    const me = await api.updateMe({ shareReadReceipts: share });
    this.#store.set({ me: { ...this.#store.me, ...me, shareReadReceipts: me?.shareReadReceipts ?? share } });
    if (!share) this.#store.readers.clear();
  }

  retry(clientMsgId) {
    this.#outbox.retry(clientMsgId);
  }

  typing(id) {
    const now = Date.now();
    if (now - (this.#lastTyping.get(id) ?? 0) < TYPING_EVERY_MS) return;
    this.#lastTyping.set(id, now);
    api.typing(id).catch(() => {});
  }

  selectTab(tab) {
    this.#store.set({ tab });
  }

  /** all, mentions or none for one conversation; the server's event updates every tab. */
  async setNotifications(id, level) {
    const { notifications } = await api.setNotifications(id, level);
    this.#store.patchConversation(id, { notifications });
  }

  async toggleNotifications() {
    let on = !this.#store.notifications;
    if (on && Notification.permission !== 'granted') on = (await Notification.requestPermission()) === 'granted';
    localStorage.setItem('tidings.notifications', on ? 'on' : 'off');
    this.#store.set({ notifications: on });
  }

  requestFriend(username) {
    return api.requestFriend(username);
  }

  answerRequest(id, action) {
    const call = { accept: api.acceptRequest, decline: api.declineRequest, cancel: api.cancelRequest }[action];
    // The request's own events update the lists; dropping it now just makes the click feel instant.
    return call(id).then(() => this.#store.removeRequest(id));
  }

  async createGroup(name, usernames) {
    const group = await api.createGroup(name, usernames);
    this.#store.upsertConversation(group);
    this.open(group.id);
  }

  async addMember(groupId, username) {
    await api.addMember(groupId, username);
    await this.#fetchConversation(groupId);
  }

  async removeMember(groupId, userId) {
    await api.removeMember(groupId, userId);
    await this.#fetchConversation(groupId);
  }

  async leaveGroup(groupId) {
    await api.leaveGroup(groupId);
    this.#store.removeConversation(groupId);
  }

  async deleteGroup(groupId) {
    await api.deleteGroup(groupId);
    this.#store.removeConversation(groupId);
  }
}

/** A conversation's notification level decides: all, only messages mentioning me, or none. */
function wantsNotification(conversation, message, myId) {
  const level = conversation?.notifications ?? 'all';
  if (level === 'none') return false;
  if (level === 'mentions') return Boolean(message.mentions?.includes(myId) || message.mentionsEveryone);
  return true;
}
