// The views of public rooms and invite links (docs/client.md, "Rooms and invites"): the Browse
// rooms dialog, a group's room settings (public or private, invite links) inside its Members
// dialog, the invite links dialog, and the preview of an invite. Their markup is built here
// rather than in index.html so the feature stays in its own files; user text goes in with
// textContent only (el's `text`).

import { $delegate, $on, el, formError, qs, show } from '../dom.js';
import { fullTime, listTime } from '../format.js';
import { describe } from './auth.js';

// Searching as the person types, once they pause: a request per key would be wasted.
const SEARCH_PAUSE_MS = 250;
// "Copied" shows this long after the copy button is pressed.
const COPIED_MS = 2_000;

function dialog(id, title, ...children) {
  const node = el(
    'dialog',
    { attrs: { id, 'aria-labelledby': `${id}-title` } },
    el('div', { className: 'dialog-body' }, el('h2', { attrs: { id: `${id}-title` }, text: title }), ...children),
  );
  document.body.append(node);
  $delegate(node, '[data-close]', 'click', () => node.close());
  return node;
}

const button = (text, props = {}) => el('button', { ...props, text, attrs: { type: 'button', ...props.attrs } });
const errorLine = () => el('p', { className: 'form-error', attrs: { role: 'alert' } });

function members(count) {
  return `${count} ${count === 1 ? 'member' : 'members'}`;
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
    attrs: { id: 'room-search', type: 'search', name: 'q', placeholder: 'Search rooms by name or description', autocomplete: 'off' },
  });
  #list = el('ul', { className: 'room-list', attrs: { id: 'room-list', 'aria-label': 'Public rooms' } });
  #empty = el('p', { className: 'empty-list', text: 'No public rooms found.', attrs: { hidden: true } });
  #more = button('More rooms', { attrs: { id: 'room-more', hidden: true } });
  #preview = el('section', { className: 'room-preview', attrs: { id: 'room-preview', 'aria-live': 'polite', hidden: true } });
  #error = errorLine();
  #dialog;

  constructor(api) {
    this.#api = api;
    this.#dialog = dialog(
      'rooms-dialog',
      'Browse rooms',
      el('label', { className: 'visually-hidden', text: 'Search rooms', attrs: { for: 'room-search' } }),
      this.#search,
      this.#list,
      this.#empty,
      this.#more,
      this.#preview,
      this.#error,
      el('div', { className: 'dialog-actions' }, button('Close', { className: 'primary', attrs: { 'data-close': true } })),
    );
    const open = button('Browse rooms…', { className: 'wide', attrs: { id: 'browse-rooms' } });
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
    const joined = room.joined ? ' · joined' : '';
    return `${members(room.memberCount)} · active ${listTime(room.lastActivityAt)}${joined}`;
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
      ? [button('Open', { className: 'primary', dataset: { action: 'open' } }), button('Leave room', { className: 'danger', dataset: { action: 'leave' } })]
      : [button('Join room', { className: 'primary', dataset: { action: 'join' } })];
    actions.forEach((action) => $on(action, 'click', () => this.#act(action.dataset.action, room)));
    this.#preview.replaceChildren(
      el('h3', { className: 'room-name', text: room.name }),
      el('p', { className: 'room-description', text: room.description ?? 'No description.', attrs: { dir: 'auto' } }),
      el('p', { className: 'room-meta muted', text: this.#meta(room) }),
      el('div', { className: 'dialog-actions' }, button('Back', { dataset: { action: 'back' }, on: { click: () => show(this.#preview, false) } }), ...actions),
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
  #label = el('label', { className: 'room-public' }, this.#toggle, el('span', { text: 'Public room: anyone can find and join it' }));
  #state = el('p', { className: 'muted', attrs: { id: 'room-visibility' } });
  #inviteButton = button('Invite link…', { attrs: { id: 'invite-link-button' } });
  #banChoice = el('select', { attrs: { id: 'ban-choice', 'aria-label': 'Member to ban' } });
  #banList = el('ul', { className: 'ban-list', attrs: { id: 'ban-list', 'aria-label': 'Banned people' } });
  #bans = el(
    'details',
    { className: 'bans', attrs: { id: 'bans' } },
    el('summary', { text: 'Bans' }),
    el('p', { className: 'muted', text: 'A banned person is removed and cannot join again, by the directory or a link.' }),
    el('div', { className: 'inline-form' }, this.#banChoice, button('Ban', { className: 'danger', attrs: { id: 'ban-button' }, on: { click: () => this.#ban() } })),
    this.#banList,
  );

  /** openInvites(groupId) opens the invite links dialog; flash(text) reports a failure. */
  constructor(api, { openInvites, flash }) {
    this.#api = api;
    this.#flash = flash;
    const section = el(
      'section',
      { className: 'room-settings', attrs: { id: 'room-settings', 'aria-label': 'Room settings' } },
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
    this.#state.textContent = isPublic ? 'This is a public room.' : 'This is a private group.';
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
      this.#flash(`Could not change the visibility: ${describe(error)}`);
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
            button('Lift ban', { className: 'lift' }),
          ),
        ),
      );
    } catch (error) {
      this.#flash(`Could not load the bans: ${describe(error)}`);
    }
  }

  async #ban() {
    if (!this.#banChoice.value) return;
    await this.#changeBans(() => this.#api.ban(this.#groupId, Number(this.#banChoice.value)), 'ban');
  }

  async #lift(userId) {
    await this.#changeBans(() => this.#api.liftBan(this.#groupId, userId), 'lift the ban');
  }

  async #changeBans(change, what) {
    try {
      await change();
      await this.#loadBans();
    } catch (error) {
      this.#flash(`Could not ${what}: ${describe(error)}`);
    }
  }
}

const LIFETIMES = [
  ['3600', '1 hour'],
  ['86400', '1 day'],
  ['604800', '7 days'],
  ['2592000', '30 days'],
];
const USES = [
  ['', 'No limit'],
  ['1', '1 use'],
  ['5', '5 uses'],
  ['25', '25 uses'],
  ['100', '100 uses'],
];

function select(name, label, options, chosen) {
  return el(
    'label',
    {},
    label,
    el('select', { attrs: { name } }, ...options.map(([value, text]) => el('option', { text, attrs: { value, selected: value === chosen } }))),
  );
}

/** A group's invite links: make one (shown once, with a copy button), see the others, revoke. */
export class InviteDialog {
  #api;
  #groupId = null;
  #form = el(
    'form',
    { className: 'invite-form', attrs: { id: 'invite-form' } },
    select('expiresInSeconds', 'Expires after', LIFETIMES, '604800'),
    select('maxUses', 'Uses', USES, ''),
    el('button', { className: 'primary', text: 'Create link', attrs: { type: 'submit' } }),
  );
  #url = el('input', { attrs: { id: 'invite-url', readonly: true, 'aria-label': 'Invite link' } });
  #copied = el('span', { className: 'muted', attrs: { id: 'invite-copied', role: 'status' } });
  #created = el(
    'div',
    { className: 'invite-created', attrs: { id: 'invite-created', hidden: true } },
    el('p', { className: 'muted', text: 'Anyone with this link can join. It is shown only now: copy it.' }),
    el('div', { className: 'inline-form' }, this.#url, button('Copy', { attrs: { id: 'invite-copy' }, on: { click: () => this.#copy() } })),
    this.#copied,
  );
  #list = el('ul', { className: 'invite-list', attrs: { id: 'invite-list', 'aria-label': 'Invite links' } });
  #empty = el('p', { className: 'empty-list', text: 'No invite links yet.', attrs: { hidden: true } });
  #dialog;

  constructor(api) {
    this.#api = api;
    this.#dialog = dialog(
      'invite-dialog',
      'Invite links',
      this.#form,
      this.#created,
      el('h3', { text: 'Links' }),
      this.#list,
      this.#empty,
      errorLine(),
      el('div', { className: 'dialog-actions' }, button('Done', { className: 'primary', attrs: { 'data-close': true } })),
    );
    $on(this.#form, 'submit', (event) => {
      event.preventDefault();
      this.#create();
    });
    $delegate(this.#list, 'button.revoke', 'click', (event, revoke) => this.#revoke(Number(revoke.closest('li').dataset.id)));
  }

  open(groupId) {
    this.#groupId = groupId;
    this.#form.reset();
    show(this.#created, false);
    formError(this.#dialog, '');
    this.#dialog.showModal();
    this.#refresh();
  }

  async #create() {
    const data = new FormData(this.#form);
    const maxUses = data.get('maxUses');
    await this.#attempt(async () => {
      const invite = await this.#api.createInvite(this.#groupId, {
        expiresInSeconds: Number(data.get('expiresInSeconds')),
        ...(maxUses && { maxUses: Number(maxUses) }),
      });
      this.#url.value = invite.url;
      this.#copied.textContent = '';
      show(this.#created, true);
      this.#url.select();
      await this.#refresh();
    });
  }

  async #copy() {
    try {
      await navigator.clipboard.writeText(this.#url.value);
    } catch {
      // Without clipboard permission (an old browser, an insecure origin): the selection copies.
      this.#url.select();
      document.execCommand('copy');
    }
    this.#copied.textContent = 'Copied';
    setTimeout(() => (this.#copied.textContent = ''), COPIED_MS);
  }

  async #revoke(inviteId) {
    await this.#attempt(async () => {
      await this.#api.revokeInvite(this.#groupId, inviteId);
      await this.#refresh();
    });
  }

  async #refresh() {
    await this.#attempt(async () => {
      const invites = await this.#api.invites(this.#groupId);
      this.#list.replaceChildren(...invites.map((invite) => this.#row(invite)));
      show(this.#empty, invites.length === 0);
    });
  }

  #row(invite) {
    const uses = invite.maxUses == null ? `${invite.uses} uses` : `${invite.uses} of ${invite.maxUses} uses`;
    const state = { active: `expires ${fullTime(invite.expiresAt)}`, expired: 'expired', used_up: 'used up' }[invite.state] ?? invite.state;
    return el(
      'li',
      { className: 'invite', dataset: { id: invite.id, state: invite.state } },
      el('span', { className: 'invite-what', text: `By ${invite.createdBy.displayName} · ${uses} · ${state}` }),
      button('Revoke', { className: 'revoke danger' }),
    );
  }

  async #attempt(action) {
    formError(this.#dialog, '');
    try {
      await action();
    } catch (error) {
      formError(this.#dialog, describe(error));
    }
  }
}

/** What an invite leads to, for a signed-in person who opened its link: join, or not. */
export class InvitePreview {
  #api;
  #describeProblem;
  #onJoined;
  #token = null;
  #text = el('p', { attrs: { id: 'invite-preview-text', dir: 'auto' } });
  #meta = el('p', { className: 'muted' });
  #join = button('Join group', { className: 'primary', attrs: { id: 'invite-join' } });
  #dialog;

  /** describeProblem(error) words a failure; onJoined(details) lists and opens the group. */
  constructor(api, { describeProblem, onJoined }) {
    this.#api = api;
    this.#describeProblem = describeProblem;
    this.#onJoined = onJoined;
    this.#dialog = dialog(
      'invite-preview',
      'You are invited',
      this.#text,
      this.#meta,
      errorLine(),
      el('div', { className: 'dialog-actions' }, button('Not now', { attrs: { 'data-close': true } }), this.#join),
    );
    $on(this.#join, 'click', () => this.#accept());
  }

  async open(token) {
    this.#token = token;
    formError(this.#dialog, '');
    this.#text.textContent = 'Loading…';
    this.#meta.textContent = '';
    show(this.#join, false);
    this.#dialog.showModal();
    try {
      const preview = await this.#api.previewInvite(token);
      this.#text.textContent = preview.name;
      this.#meta.textContent = `${members(preview.memberCount)}${preview.description ? ` · ${preview.description}` : ''}`;
      this.#join.textContent = preview.joined ? 'Open group' : 'Join group';
      show(this.#join, true);
      this.#join.focus();
    } catch (error) {
      this.#text.textContent = '';
      formError(this.#dialog, this.#describeProblem(error));
    }
  }

  async #accept() {
    formError(this.#dialog, '');
    try {
      this.#onJoined(await this.#api.acceptInvite(this.#token));
      this.#dialog.close();
    } catch (error) {
      formError(this.#dialog, this.#describeProblem(error));
    }
  }
}

/** On the sign-in page while an invite waits: says that signing in (or up) will join. */
export function showPendingInvite(pending) {
  const auth = qs('#auth');
  let note = qs('#invite-note', auth);
  if (!note) {
    note = el('p', {
      className: 'policy-note',
      text: 'You have been invited to a group. Sign in or create an account to join it.',
      attrs: { id: 'invite-note', role: 'note' },
    });
    qs('.tagline', auth).after(note);
  }
  show(note, pending);
}
