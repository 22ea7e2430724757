// The left side: who I am, the Friends and Groups tabs with their lists, friend requests.

import { $delegate, $on, el, formError, qs, reconcile, show } from '../dom.js';
import { listTime } from '../format.js';
import { describe } from './auth.js';
import { t } from '../i18n.js';
import { showAvatar } from '../avatars.js';
import { deactivatedTag } from '../profiles.js';

const TABS = ['friends', 'groups'];

export class Sidebar {
  #tabs = { friends: qs('#tab-friends'), groups: qs('#tab-groups') };
  #panels = { friends: qs('#panel-friends'), groups: qs('#panel-groups') };
  #friendList = qs('#friend-list');
  #groupList = qs('#group-list');
  #requestForm = qs('#friend-request-form');

  bindOpen(handler) {
    for (const list of [this.#friendList, this.#groupList]) {
      $delegate(list, 'button.conversation', 'click', (event, button) => handler(Number(button.dataset.id)));
    }
  }

  /** Tabs follow the ARIA tabs pattern: click, or arrow keys between them. */
  bindTab(handler) {
    for (const tab of TABS) {
      $on(this.#tabs[tab], 'click', () => handler(tab));
      $on(this.#tabs[tab], 'keydown', (event) => {
        if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return;
        const other = TABS[(TABS.indexOf(tab) + 1) % TABS.length];
        handler(other);
        this.#tabs[other].focus();
      });
    }
  }

  bindSignOut(handler) {
    $on(qs('#sign-out'), 'click', handler);
  }

  bindNotifications(handler) {
    $on(qs('#notify-toggle'), 'click', handler);
  }

  bindReadReceipts(handler) {
    $on(qs('#receipts-toggle'), 'click', handler);
  }

  bindNewGroup(handler) {
    $on(qs('#new-group'), 'click', handler);
  }

  /** handler(username) returns a promise; its rejection is shown under the field. */
  bindFriendRequest(handler) {
    $on(this.#requestForm, 'submit', async (event) => {
      event.preventDefault();
      const input = this.#requestForm.elements.username;
      formError(this.#requestForm, '');
      try {
        await handler(input.value.trim());
        input.value = '';
      } catch (error) {
        formError(this.#requestForm, describe(error));
      }
    });
  }

  /** handler(requestId, 'accept' | 'decline' | 'cancel') returns a promise. */
  bindRequestAction(handler) {
    $delegate(qs('#request-list'), 'button[data-action]', 'click', (event, button) => {
      handler(Number(button.closest('li').dataset.key), button.dataset.action).catch((error) =>
        formError(this.#requestForm, describe(error)),
      );
    });
  }

  render(store) {
    qs('#me-name').textContent = store.me.displayName;
    qs('#me-status').textContent = store.me.status ?? '';
    showAvatar(qs('#me-avatar'), store.me);
    qs('#me-username').textContent = `@${store.me.username}`;
    const notify = qs('#notify-toggle');
    show(notify, 'Notification' in window);
    notify.setAttribute('aria-pressed', String(store.notifications));
    notify.classList.toggle('on', store.notifications);
    const receipts = qs('#receipts-toggle');
    const sharing = store.me.shareReadReceipts !== false;
    receipts.setAttribute('aria-pressed', String(sharing));
    receipts.classList.toggle('on', sharing);

    for (const tab of TABS) {
      const selected = store.tab === tab;
      this.#tabs[tab].setAttribute('aria-selected', String(selected));
      this.#tabs[tab].tabIndex = selected ? 0 : -1;
      show(this.#panels[tab], selected);
      setBadge(qs('.badge', this.#tabs[tab]), store.totalUnread(tab === 'friends' ? 'direct' : 'group'));
    }

    this.#renderRequests(store);
    const friends = store.listed('direct');
    const groups = store.listed('group');
    this.#renderList(this.#friendList, friends, store);
    this.#renderList(this.#groupList, groups, store);
    show(qs('#friends-empty'), friends.length === 0);
    show(qs('#groups-empty'), groups.length === 0);
  }

  #renderRequests(store) {
    const requests = [
      ...[...store.incoming.values()].map((request) => ({ request, incoming: true })),
      ...[...store.outgoing.values()].map((request) => ({ request, incoming: false })),
    ];
    show(qs('#requests'), requests.length > 0);
    reconcile(qs('#request-list'), requests, {
      key: ({ request }) => request.id,
      create: ({ request, incoming }) => {
        const other = incoming ? request.from : request.to;
        // Display names are not unique: the @username says who it really is.
        const who = el(
          'span',
          { className: 'request-who' },
          el('strong', { className: 'request-name', text: other.displayName }),
          el('span', { className: 'request-username muted', text: ` @${other.username}` }),
        );
        const actions = incoming
          ? [
              el('button', { text: t('requests.accept'), className: 'primary', dataset: { action: 'accept' }, attrs: { type: 'button' } }),
              el('button', { text: t('requests.decline'), dataset: { action: 'decline' }, attrs: { type: 'button' } }),
            ]
          : [el('button', { text: t('common.cancel'), dataset: { action: 'cancel' }, attrs: { type: 'button' } })];
        return el(
          'li',
          { className: incoming ? 'request incoming' : 'request outgoing' },
          el('span', { className: 'request-kind', text: incoming ? t('requests.incoming') : t('requests.outgoing') }),
          who,
          el('span', { className: 'request-actions' }, ...actions),
        );
      },
      update: () => {},
    });
  }

  #renderList(list, conversations, store) {
    reconcile(list, conversations, {
      key: (conversation) => conversation.id,
      create: () => {
        const button = el(
          'button',
          { className: 'conversation', attrs: { type: 'button' } },
          el('span', { className: 'avatar row-avatar' }),
          el('span', { className: 'presence', attrs: { role: 'img' } }),
          el(
            'span',
            { className: 'row-main' },
            el('span', { className: 'row-top' }, el('span', { className: 'name' }), deactivatedTag(), el('time', { className: 'when' })),
            el(
              'span',
              { className: 'row-bottom' },
              el('span', { className: 'preview' }),
              el('span', { className: 'mention-badge' }),
              el('span', { className: 'badge' }),
            ),
          ),
        );
        return el('li', {}, button);
      },
      update: (item, conversation) => {
        const button = item.firstChild;
        button.dataset.id = conversation.id;
        if (store.openId === conversation.id) button.setAttribute('aria-current', 'true');
        else button.removeAttribute('aria-current');
        const online = isOnline(conversation, store);
        const presence = qs('.presence', button);
        presence.classList.toggle('online', online);
        presence.setAttribute('aria-label', online ? t('presence.online') : t('presence.offline'));
        qs('.name', button).textContent = conversation.title;
        const person = conversation.kind === 'direct' ? conversation.otherUser : null;
        show(qs('.row-avatar', button), person != null);
        const deactivated = person?.deactivated === true;
        show(qs('.deactivated-tag', button), deactivated);
        button.classList.toggle('deactivated', deactivated);
        if (person) showAvatar(qs('.row-avatar', button), { ...person, displayName: person.displayName ?? conversation.title });
        const when = qs('.when', button);
        when.textContent = conversation.lastMessageAt ? listTime(conversation.lastMessageAt) : '';
        when.dateTime = conversation.lastMessageAt ?? '';
        qs('.preview', button).textContent = previewOf(conversation);
        setBadge(qs('.badge', button), store.unread(conversation));
        const mentions = store.mentions(conversation);
        const mentionBadge = qs('.mention-badge', button);
        show(mentionBadge, mentions > 0);
        mentionBadge.replaceChildren('@', el('span', { className: 'visually-hidden', text: ` ${t('sidebar.mentionsHidden', { count: mentions })}` }));
        mentionBadge.title = t('sidebar.mentionsTitle', { count: mentions });
        button.classList.toggle('unread', store.unread(conversation) > 0);
        // A muted conversation keeps its count, quietly (grey, not bold, not in the title).
        button.classList.toggle('muted', conversation.notifications === 'none');
        button.classList.toggle('read-only', !conversation.canSend);
      },
    });
  }
}

function previewOf(conversation) {
  if (!conversation.canSend && conversation.kind === 'direct') return t('sidebar.notFriends');
  if (conversation.lastMessagePreview) return conversation.lastMessagePreview;
  return conversation.kind === 'group' ? t('chat.memberCount', { count: conversation.memberCount }) : t('sidebar.sayHello');
}

/** A friend is online; a group is when anyone else in it is. */
export function isOnline(conversation, store) {
  if (conversation.kind === 'direct') return store.online.has(conversation.otherUser?.id);
  return (store.members.get(conversation.id) ?? []).some((member) => member.id !== store.me.id && store.online.has(member.id));
}

function setBadge(badge, count) {
  show(badge, count > 0);
  badge.replaceChildren(count > 99 ? '99+' : String(count), el('span', { className: 'visually-hidden', text: ` ${t('sidebar.unread')}` }));
}
