// The views of invite links (docs/client.md, "Rooms and invite links"): a group's links (make,
// copy, list, revoke), the preview of a link a signed-in person opened, and the note on the
// sign-in page while a link waits. User text goes in with textContent only.

import { $delegate, $on, el, formError, qs, show } from '../dom.js';
import { fullTime } from '../format.js';
import { describe } from './auth.js';
import { button, dialog, errorLine, members } from './rooms.js';
import { t } from '../i18n.js';

// "Copied" shows this long after the copy button is pressed.
const COPIED_MS = 2_000;

const LIFETIMES = [
  ['3600', t('invites.hours', { count: 1 })],
  ['86400', t('invites.days', { count: 1 })],
  ['604800', t('invites.days', { count: 7 })],
  ['2592000', t('invites.days', { count: 30 })],
];
const USES = [
  ['', t('invites.noLimit')],
  ['1', t('invites.uses', { count: 1 })],
  ['5', t('invites.uses', { count: 5 })],
  ['25', t('invites.uses', { count: 25 })],
  ['100', t('invites.uses', { count: 100 })],
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
    select('expiresInSeconds', t('invites.expiresAfter'), LIFETIMES, '604800'),
    select('maxUses', t('invites.usesLabel'), USES, ''),
    el('button', { className: 'primary', text: t('invites.create'), attrs: { type: 'submit' } }),
  );
  #url = el('input', { attrs: { id: 'invite-url', readonly: true, 'aria-label': t('invites.link') } });
  #copied = el('span', { className: 'muted', attrs: { id: 'invite-copied', role: 'status' } });
  #created = el(
    'div',
    { className: 'group-invite-created', attrs: { id: 'invite-created', hidden: true } },
    el('p', { className: 'muted', text: t('invites.shownOnce') }),
    el('div', { className: 'inline-form' }, this.#url, button(t('invites.copy'), { attrs: { id: 'invite-copy' }, on: { click: () => this.#copy() } })),
    this.#copied,
  );
  #list = el('ul', { className: 'group-invite-list', attrs: { id: 'invite-list', 'aria-label': t('invites.title') } });
  #empty = el('p', { className: 'empty-list', text: t('invites.none'), attrs: { hidden: true } });
  #dialog;

  constructor(api) {
    this.#api = api;
    this.#dialog = dialog(
      'invite-dialog',
      t('invites.title'),
      this.#form,
      this.#created,
      el('h3', { text: t('invites.links') }),
      this.#list,
      this.#empty,
      errorLine(),
      el('div', { className: 'dialog-actions' }, button(t('common.done'), { className: 'primary', attrs: { 'data-close': true } })),
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
    this.#copied.textContent = t('invites.copied');
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
    const uses = invite.maxUses == null ? t('invites.used', { count: invite.uses }) : t('invites.usedOf', { count: invite.uses, max: invite.maxUses });
    const state = { active: t('invites.expires', { time: fullTime(invite.expiresAt) }), expired: t('invites.expired'), used_up: t('invites.usedUp') }[invite.state] ?? invite.state;
    return el(
      'li',
      { className: 'group-invite', dataset: { id: invite.id, state: invite.state } },
      el('span', { className: 'group-invite-what', text: `${t('invites.by', { name: invite.createdBy.displayName })} · ${uses} · ${state}` }),
      button(t('invites.revoke'), { className: 'revoke danger' }),
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
  #join = button(t('invites.join'), { className: 'primary', attrs: { id: 'invite-join' } });
  #dialog;

  /** describeProblem(error) words a failure; onJoined(details) lists and opens the group. */
  constructor(api, { describeProblem, onJoined }) {
    this.#api = api;
    this.#describeProblem = describeProblem;
    this.#onJoined = onJoined;
    this.#dialog = dialog(
      'invite-preview',
      t('invites.invited'),
      this.#text,
      this.#meta,
      errorLine(),
      el('div', { className: 'dialog-actions' }, button(t('invites.notNow'), { attrs: { 'data-close': true } }), this.#join),
    );
    $on(this.#join, 'click', () => this.#accept());
  }

  async open(token) {
    this.#token = token;
    formError(this.#dialog, '');
    this.#text.textContent = t('common.loading');
    this.#meta.textContent = '';
    show(this.#join, false);
    this.#dialog.showModal();
    try {
      const preview = await this.#api.previewInvite(token);
      this.#text.textContent = preview.name;
      this.#meta.textContent = `${members(preview.memberCount)}${preview.description ? ` · ${preview.description}` : ''}`;
      this.#join.textContent = preview.joined ? t('invites.openGroup') : t('invites.join');
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
      text: t('invites.signInNote'),
      attrs: { id: 'invite-note', role: 'note' },
    });
    qs('.tagline', auth).after(note);
  }
  show(note, pending);
}
