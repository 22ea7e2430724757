// The views of public rooms (docs/client.md, "Rooms and invite links"): the Browse rooms dialog
// and a group's room settings (public or private, invite links, bans) inside its Members dialog.
// Their markup is built here rather than in index.html so the feature stays in its own files;
// user text goes in with textContent only (el's `text`). Invite links: invites.js.

import { $delegate, $on, el, formError, qs, show } from '../dom.js';
import { listTime } from '../format.js';
import { describe } from './auth.js';
import { t } from '../i18n.js';

// Searching as the person types, once they pause: a request per key would be wasted.
const SEARCH_PAUSE_MS = 250;

/** A native dialog appended to the page, closed by its [data-close] buttons. */
export function dialog(id, title, ...children) {
  const node = el(
    'dialog',
    { attrs: { id, 'aria-labelledby': `${id}-title` } },
    el('div', { className: 'dialog-body' }, el('h2', { attrs: { id: `${id}-title` }, text: title }), ...children),
  );
  document.body.append(node);
  $delegate(node, '[data-close]', 'click', () => node.close());
  return node;
}

export const button = (text, props = {}) => el('button', { ...props, text, attrs: { type: 'button', ...props.attrs } });
export const errorLine = () => el('p', { className: 'form-error', attrs: { role: 'alert' } });

export function members(count) {
  return t('chat.memberCount', { count });
}

/** "Browse rooms": search the directory, preview a room, join it or leave it. */
export class RoomBrowser {
  #api;
  #handlers = {};
  #query = '';
  #cursor = null;
  #selected = null;
  #searchTimer = null;
  #search = el('input', {
    attrs: { id: 'room-search', type: 'search', name: 'q', placeholder: t('rooms.searchPlaceholder'), autocomplete: 'off' },
  });
  #list = el('ul', { className: 'room-list', attrs: { id: 'room-list', 'aria-label': t('rooms.publicRooms') } });
  #empty = el('p', { className: 'empty-list', text: t('rooms.none'), attrs: { hidden: true } });
  #more = button(t('rooms.more'), { attrs: { id: 'room-more', hidden: true } });
  #preview = el('section', { className: 'room-preview', attrs: { id: 'room-preview', 'aria-live': 'polite', hidden: true } });
  #error = errorLine();
  #dialog;

  constructor(api) {
    this.#api = api;
    this.#dialog = dialog(
      'rooms-dialog',
      t('rooms.browse'),
      el('label', { className: 'visually-hidden', text: t('rooms.search'), attrs: { for: 'room-search' } }),
      this.#search,
      this.#list,
      this.#empty,
      this.#more,
      this.#preview,
      this.#error,
      el('div', { className: 'dialog-actions' }, button(t('common.close'), { className: 'primary', attrs: { 'data-close': true } })),
    );
    const open = button(t('rooms.browseEllipsis'), { className: 'wide', attrs: { id: 'browse-rooms' } });
    qs('#new-group').after(open);
    $on(open, 'click', () => this.open());
    $on(this.#search, 'input', () => {
      clearTimeout(this.#searchTimer);
      this.#searchTimer = setTimeout(() => this.#load(this.#search.value.trim(), null), SEARCH_PAUSE_MS);
    });
    $on(this.#more, 'click', () => this.#load(this.#query, this.#cursor));
    $delegate(this.#list, 'button.room', 'click', (event, row) => this.#showPreview(Number(row.dataset.id)));
  }

  /** handlers: joined(details) after a join; open(id) for a room already joined; leave(id). */
  bind(handlers) {
    this.#handlers = handlers;
  }

  open() {
    this.#search.value = '';
    show(this.#preview, false);
    formError(this.#dialog, '');
    this.#dialog.showModal();
    this.#load('', null);
  }

  async #load(query, cursor) {
    formError(this.#dialog, '');
    try {
      const page = await this.#api.rooms(query, cursor);
      if (!cursor) this.#list.replaceChildren();
      this.#query = query;
      this.#cursor = page.nextCursor ?? null;
      this.#list.append(...page.rooms.map((room) => this.#row(room)));
      show(this.#empty, this.#list.children.length === 0);
      show(this.#more, this.#cursor != null);
    } catch (error) {
      formError(this.#dialog, describe(error));
    }
  }

  #row(room) {
    return el(
      'li',
      {},
      el(
        'button',
        { className: 'room', dataset: { id: room.id }, attrs: { type: 'button' } },
        el('strong', { className: 'room-name', text: room.name }),
        el('span', { className: 'room-description muted', text: room.description ?? '' }),
        el('span', { className: 'room-meta muted', text: this.#meta(room) }),
      ),
    );
  }

  #meta(room) {
    const joined = room.joined ? ` · ${t('rooms.joined')}` : '';
    return `${members(room.memberCount)} · ${t('rooms.active', { time: listTime(room.lastActivityAt) })}${joined}`;
  }

  async #showPreview(id) {
    formError(this.#dialog, '');
    try {
      this.#selected = await this.#api.room(id);
    } catch (error) {
      formError(this.#dialog, describe(error));
      return;
    }
    const room = this.#selected;
    const actions = room.joined
      ? [button(t('rooms.open'), { className: 'primary', dataset: { action: 'open' } }), button(t('rooms.leave'), { className: 'danger', dataset: { action: 'leave' } })]
      : [button(t('rooms.join'), { className: 'primary', dataset: { action: 'join' } })];
    actions.forEach((action) => $on(action, 'click', () => this.#act(action.dataset.action, room)));
    this.#preview.replaceChildren(
      el('h3', { className: 'room-name', text: room.name }),
      el('p', { className: 'room-description', text: room.description ?? t('rooms.noDescription'), attrs: { dir: 'auto' } }),
      el('p', { className: 'room-meta muted', text: this.#meta(room) }),
      el('div', { className: 'dialog-actions' }, button(t('rooms.back'), { dataset: { action: 'back' }, on: { click: () => show(this.#preview, false) } }), ...actions),
    );
    show(this.#preview, true);
    actions[0].focus();
  }

  async #act(action, room) {
    formError(this.#dialog, '');
    try {
      if (action === 'join') {
        this.#handlers.joined(await this.#api.join(room.id));
        this.#dialog.close();
      } else if (action === 'open') {
        this.#handlers.open(room.id);
        this.#dialog.close();
      } else if (action === 'leave') {
        await this.#handlers.leave(room.id);
        await this.#showPreview(room.id);
        this.#load(this.#query, null);
      }
    } catch (error) {
      formError(this.#dialog, describe(error));
    }
  }
}

/**
 * Inside a group's Members dialog: whether the group is a public room (owner and admins switch
 * it; everyone sees it) and, for owner and admins, the way to its invite links and its bans.
 */
export class RoomSettings {
  #api;
  #flash;
  #groupId = null;
  #bansFor = null;
  #toggle = el('input', { attrs: { id: 'room-public', type: 'checkbox' } });
  #label = el('label', { className: 'room-public' }, this.#toggle, el('span', { text: t('rooms.publicToggle') }));
  #state = el('p', { className: 'muted', attrs: { id: 'room-visibility' } });
  #inviteButton = button(t('rooms.inviteLink'), { attrs: { id: 'invite-link-button' } });
  #banChoice = el('select', { attrs: { id: 'ban-choice', 'aria-label': t('rooms.memberToBan') } });
  #banList = el('ul', { className: 'ban-list', attrs: { id: 'ban-list', 'aria-label': t('rooms.banned') } });
  #bans = el(
    'details',
    { className: 'bans', attrs: { id: 'bans' } },
    el('summary', { text: t('rooms.bans') }),
    el('p', { className: 'muted', text: t('rooms.bansNote') }),
    el('div', { className: 'inline-form' }, this.#banChoice, button(t('rooms.ban'), { className: 'danger', attrs: { id: 'ban-button' }, on: { click: () => this.#ban() } })),
    this.#banList,
  );

  /** openInvites(groupId) opens the invite links dialog; flash(text) reports a failure. */
  constructor(api, { openInvites, flash }) {
    this.#api = api;
    this.#flash = flash;
    const section = el(
      'section',
      { className: 'room-settings', attrs: { id: 'room-settings', 'aria-label': t('rooms.settings') } },
      this.#label,
      this.#state,
      this.#inviteButton,
      this.#bans,
    );
    const membersDialog = qs('#members-dialog');
    qs('.dialog-actions', membersDialog).before(section);
    // Bans are loaded when the dialog opens, not on every render while it is open.
    $on(membersDialog, 'close', () => (this.#bansFor = null));
    $on(this.#toggle, 'change', () => this.#setVisibility(this.#toggle.checked ? 'public' : 'private'));
    $on(this.#inviteButton, 'click', () => openInvites(this.#groupId));
    $delegate(this.#banList, 'button.lift', 'click', (event, lift) => this.#lift(Number(lift.closest('li').dataset.id)));
  }

  /** The group whose Members dialog is open (the open conversation), as the store has it. */
  render(store) {
    if (!qs('#members-dialog').open) return;
    const group = store.conversations.get(store.openId);
    if (!group || group.kind !== 'group') return;
    this.#groupId = group.id;
    const manager = group.role === 'owner' || group.role === 'admin';
    const isPublic = group.visibility === 'public';
    this.#toggle.checked = isPublic;
    show(this.#label, manager);
    show(this.#inviteButton, manager);
    show(this.#bans, manager);
    this.#state.textContent = isPublic ? t('rooms.isPublic') : t('rooms.isPrivate');
    show(this.#state, !manager);
    if (!manager) return;
    // Those the caller could remove: the owner anyone else, an admin plain members.
    const bannable = (store.members.get(group.id) ?? []).filter(
      (member) => member.id !== store.me.id && (group.role === 'owner' || member.role === 'member'),
    );
    const chosen = this.#banChoice.value;
    this.#banChoice.replaceChildren(
      ...bannable.map((member) => el('option', { text: `${member.displayName} @${member.username}`, attrs: { value: member.id } })),
    );
    if (bannable.some((member) => String(member.id) === chosen)) this.#banChoice.value = chosen;
    if (this.#bansFor !== group.id) {
      this.#bansFor = group.id;
      this.#loadBans();
    }
  }

  async #setVisibility(visibility) {
    this.#toggle.disabled = true;
    try {
      await this.#api.setVisibility(this.#groupId, visibility);
    } catch (error) {
      this.#toggle.checked = !this.#toggle.checked;
      this.#flash(t('rooms.visibilityFailed', { reason: describe(error) }));
    } finally {
      this.#toggle.disabled = false;
    }
  }

  async #loadBans() {
    try {
      const bans = await this.#api.bans(this.#groupId);
      this.#banList.replaceChildren(
        ...bans.map((ban) =>
          el(
            'li',
            { className: 'ban', dataset: { id: ban.user.id } },
            el('span', { className: 'ban-who', text: `${ban.user.displayName} @${ban.user.username}` }),
            button(t('rooms.liftBan'), { className: 'lift' }),
          ),
        ),
      );
    } catch (error) {
      this.#flash(t('rooms.bansFailed', { reason: describe(error) }));
    }
  }

  async #ban() {
    if (!this.#banChoice.value) return;
    await this.#changeBans(() => this.#api.ban(this.#groupId, Number(this.#banChoice.value)), t('rooms.banFailed'));
  }

  async #lift(userId) {
    await this.#changeBans(() => this.#api.liftBan(this.#groupId, userId), t('rooms.liftFailed'));
  }

  async #changeBans(change, what) {
    try {
      await change();
      await this.#loadBans();
    } catch (error) {
      this.#flash(`${what}: ${describe(error)}`);
    }
  }
}
