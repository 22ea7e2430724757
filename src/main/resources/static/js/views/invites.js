// The views of invite links (docs/client.md, "Rooms and invite links"): a group's links (make,
// copy, list, revoke), the preview of a link a signed-in person opened, and the note on the
// sign-in page while a link waits. User text goes in with textContent only.

import { $delegate, $on, el, formError, qs, show } from '../dom.js';
import { fullTime } from '../format.js';
import { describe } from './auth.js';
import { button, dialog, errorLine, members } from './rooms.js';

// "Copied" shows this long after the copy button is pressed.
const COPIED_MS = 2_000;

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
    { className: 'group-invite-form', attrs: { id: 'invite-form' } },
    select('expiresInSeconds', 'Expires after', LIFETIMES, '604800'),
    select('maxUses', 'Uses', USES, ''),
    el('button', { className: 'primary', text: 'Create link', attrs: { type: 'submit' } }),
  );
  #url = el('input', { attrs: { id: 'invite-url', readonly: true, 'aria-label': 'Invite link' } });
  #copied = el('span', { className: 'muted', attrs: { id: 'invite-copied', role: 'status' } });
  #created = el(
    'div',
    { className: 'group-invite-created', attrs: { id: 'invite-created', hidden: true } },
    el('p', { className: 'muted', text: 'Anyone with this link can join. It is shown only now: copy it.' }),
    el('div', { className: 'inline-form' }, this.#url, button('Copy', { attrs: { id: 'invite-copy' }, on: { click: () => this.#copy() } })),
    this.#copied,
  );
  #list = el('ul', { className: 'group-invite-list', attrs: { id: 'invite-list', 'aria-label': 'Invite links' } });
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
      { className: 'group-invite', dataset: { id: invite.id, state: invite.state } },
      el('span', { className: 'group-invite-what', text: `By ${invite.createdBy.displayName} · ${uses} · ${state}` }),
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
