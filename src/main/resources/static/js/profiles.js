// What a `user.updated` event does: the person's avatar slots refresh at once (avatars.js), and
// their name, status and deactivated mark change wherever the store keeps them (me, direct
// chats, member lists). Also the "deactivated" label the views put next to such a person's name.

import { avatarChanged } from './avatars.js';
import { el } from './dom.js';
import { t } from './i18n.js';

/** The label next to a name; show() it when the person's account is deactivated. */
export function deactivatedTag() {
  return el('span', { className: 'deactivated-tag', text: t('user.deactivated') });
}

export function profileChanged(store, { userId, displayName, status, avatarVersion, deactivated }) {
  avatarChanged({ userId, displayName, avatarVersion });
  if (store.me?.id === userId) {
    store.set({ me: { ...store.me, displayName, status, avatarVersion } });
    return;
  }
  const marked = deactivated === true;
  for (const conversation of [...store.conversations.values()]) {
    if (conversation.kind === 'direct' && conversation.otherUser?.id === userId) {
      store.patchConversation(conversation.id, {
        title: displayName,
        otherUser: { ...conversation.otherUser, displayName, status, avatarVersion, deactivated: marked },
      });
    }
  }
  for (const [id, members] of [...store.members.entries()]) {
    if (members.some((member) => member.id === userId)) {
      store.setMembers(id, members.map((member) => (member.id === userId ? { ...member, displayName, deactivated: marked } : member)));
    }
  }
}
