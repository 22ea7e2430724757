// What each stream event (docs/api.md, "Events" and "The event stream") does to the store.
// Hot events (messages, reads, presence, typing) update the store from their data alone; rare
// ones whose data lacks a field the lists show ask the server for that one conversation.

import { profileChanged } from './profiles.js';

// An incoming "is typing" shows this long unless refreshed; senders repeat it every few
// seconds while they type (the server passes at most one per 2 s).
const TYPING_SHOWN_MS = 5_000;

/**
 * Returns a handler for stream events. `fetchConversation(id)` loads one conversation with its
 * members into the store; `resyncPeople()` reloads friends and conversations;
 * `contactsChanged()` asks who is online (presence changes only reach existing contacts);
 * `notify(message)` raises a desktop notification when appropriate; `jobChanged(job)` gets
 * every job.progress and job.finished.
 */
export function eventHandler(store, { fetchConversation, resyncPeople, contactsChanged, notify, jobChanged }) {
  const me = () => store.me.id;
  const handlers = {
    'message.created': (message) => {
      if (!store.conversations.has(message.conversationId)) fetchConversation(message.conversationId);
      store.addMessage(message);
      if (message.sender.id !== me()) notify(message);
    },
    'message.updated': (message) => store.updateMessage(message),
    'message.deleted': ({ conversationId, id, seq }) => {
      store.deleteMessage(conversationId, id);
      // The list's preview becomes the newest message left, which the server knows.
      if (seq === store.conversations.get(conversationId)?.lastSeq) fetchConversation(conversationId);
    },
    'reaction.added': (data) => store.changeReaction(data.conversationId, data.messageId, data.emoji, data.userId, true),
    'reaction.removed': (data) => store.changeReaction(data.conversationId, data.messageId, data.emoji, data.userId, false),
    'conversation.read': ({ conversationId, readSeq }) => store.setRead(conversationId, readSeq),
    // This user changed a conversation's notification level, here or in another tab or device.
    'conversation.notifications': ({ conversationId, notifications }) =>
      store.patchConversation(conversationId, { notifications }),
    // Another member read up to readSeq (only between people who share read receipts).
    'member.read': ({ conversationId, userId, readSeq }) => {
      if (userId !== me()) store.setReader(conversationId, userId, readSeq);
    },

    'friend.requested': (request) => store.addRequest(request),
    'friend.request.closed': ({ requestId }) => store.removeRequest(requestId),
    'friend.added': ({ friend, conversation }) => {
      store.addFriend(friend);
      store.upsertConversation(conversation);
      contactsChanged();
    },
    'friend.removed': ({ userId, conversationId }) => {
      store.removeFriend(userId);
      store.patchConversation(conversationId, { canSend: false });
    },
    // A block ends a friendship and closes requests without saying which conversation it
    // silenced; reload the lists rather than guess.
    'block.added': () => resyncPeople(),
    'block.removed': () => resyncPeople(),

    // A direct conversation is listed by the friend.added that follows; a group needs its title.
    'conversation.created': ({ id, kind }) => {
      if (kind === 'group') fetchConversation(id);
    },
    'conversation.updated': ({ conversationId, name, description, visibility, roles }) => {
      const mine = roles.find((change) => change.userId === me());
      store.patchConversation(conversationId, { title: name, description, visibility, ...(mine && { role: mine.role }) });
      const members = store.members.get(conversationId);
      if (members) {
        const changed = new Map(roles.map((change) => [change.userId, change.role]));
        store.setMembers(
          conversationId,
          members.map((member) => (changed.has(member.id) ? { ...member, role: changed.get(member.id) } : member)),
        );
      }
    },
    'member.added': ({ conversationId, member, memberCount }) => {
      contactsChanged();
      if (member.id === me() || !store.conversations.has(conversationId)) {
        fetchConversation(conversationId);
        return;
      }
      store.patchConversation(conversationId, { memberCount });
      const members = store.members.get(conversationId);
      if (members && !members.some((known) => known.id === member.id)) {
        store.setMembers(conversationId, [...members, member]);
      }
    },
    'member.removed': ({ conversationId, userId, memberCount }) => {
      if (userId === me()) {
        store.removeConversation(conversationId);
        return;
      }
      store.patchConversation(conversationId, { memberCount });
      const members = store.members.get(conversationId);
      if (members) store.setMembers(conversationId, members.filter((member) => member.id !== userId));
    },
    'group.deleted': ({ conversationId }) => store.removeConversation(conversationId),

    'presence.changed': ({ userId, online }) => store.setOnline(userId, online),
    'user.updated': (profile) => profileChanged(store, profile),
    // Jobs belong to their owner's tray, not to the store: see views/transfers.js.
    'job.progress': (job) => jobChanged(job),
    'job.finished': (job) => jobChanged(job),
    typing: ({ conversationId, userId, displayName }) => {
      if (userId !== me()) store.setTyping(conversationId, userId, displayName, Date.now() + TYPING_SHOWN_MS);
    },
  };
  return (event) => handlers[event.type]?.(event.data);
}
