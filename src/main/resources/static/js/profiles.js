// What a `user.updated` event does: the person's avatar slots refresh at once (avatars.js), and
// their name and status change wherever the store keeps them (me, direct chats, member lists).

import { avatarChanged } from './avatars.js';

export function profileChanged(store, { userId, displayName, status, avatarVersion }) {
  avatarChanged({ userId, displayName, avatarVersion });
  if (store.me?.id === userId) {
    store.set({ me: { ...store.me, displayName, status, avatarVersion } });
    return;
  }
  for (const conversation of [...store.conversations.values()]) {
    if (conversation.kind === 'direct' && conversation.otherUser?.id === userId) {
      store.patchConversation(conversation.id, {
        title: displayName,
        otherUser: { ...conversation.otherUser, displayName, status, avatarVersion },
      });
    }
  }
  for (const [id, members] of [...store.members.entries()]) {
    if (members.some((member) => member.id === userId)) {
      store.setMembers(id, members.map((member) => (member.id === userId ? { ...member, displayName } : member)));
    }
  }
}
