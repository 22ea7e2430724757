// The modal dialogs: creating a group from friends, a group's members, confirming a deletion,
// a message's versions, reporting a message. Native <dialog> gives focus trapping, Escape to
// close and focus back to the opener.

import { $delegate, $on, el, formError, qs, reconcile, show } from '../dom.js';
import { duration, fullTime } from '../format.js';
import { describe } from './auth.js';
import { t } from '../i18n.js';
import { showAvatar } from '../avatars.js';
import { deactivatedTag } from '../profiles.js';

/** Closes on its [data-close] buttons; runs a form's async handler and shows its failure. */
class Dialog {
  constructor(dialog) {
    this.dialog = dialog;
    $delegate(dialog, '[data-close]', 'click', () => dialog.close());
  }

  async attempt(form, action) {
    formError(form, '');
    try {
      await action();
      return true;
    } catch (error) {
      formError(form, describe(error));
      return false;
    }
  }
}

export class GroupDialog extends Dialog {
  #form = qs('#group-form');
  #choices = qs('#group-friend-choices');

  constructor() {
    super(qs('#group-dialog'));
  }

  open(store) {
    this.#form.reset();
    formError(this.#form, '');
    const friends = [...store.friends.values()].sort((a, b) => a.user.displayName.localeCompare(b.user.displayName));
    this.#choices.replaceChildren(
      ...friends.map(({ user }) =>
        el(
          'li',
          {},
          el(
            'label',
            {},
            el('input', { attrs: { type: 'checkbox', name: 'members', value: user.username } }),
            el('span', { text: user.displayName }),
            el('span', { className: 'muted', text: ` @${user.username}` }),
          ),
        ),
      ),
    );
    show(qs('#group-no-friends'), friends.length === 0);
    this.dialog.showModal();
  }

  /** handler(name, usernames) returns a promise. */
  bindCreate(handler) {
    $on(this.#form, 'submit', async (event) => {
      event.preventDefault();
      const data = new FormData(this.#form);
      const created = await this.attempt(this.#form, () => handler(data.get('name').trim(), data.getAll('members')));
      if (created) this.dialog.close();
    });
  }
}

export class MembersDialog extends Dialog {
  #groupId = null;
  #list = qs('#member-list');
  #addForm = qs('#add-member-form');
  #errorScope = qs('#members-dialog .dialog-body');
  #handlers = {};

  constructor() {
    super(qs('#members-dialog'));
    $on(this.#addForm, 'submit', async (event) => {
      event.preventDefault();
      const input = this.#addForm.elements.username;
      const added = await this.attempt(this.#errorScope, () => this.#handlers.add(this.#groupId, input.value.trim()));
      if (added) input.value = '';
    });
    $delegate(this.#list, 'button.remove', 'click', (event, button) =>
      this.attempt(this.#errorScope, () => this.#handlers.remove(this.#groupId, Number(button.closest('li').dataset.key))),
    );
    $on(qs('#leave-group'), 'click', () => this.#leaveWith(this.#handlers.leave));
    $on(qs('#delete-group'), 'click', () => {
      if (window.confirm(t('members.deleteGroupConfirm'))) this.#leaveWith(this.#handlers.delete);
    });
  }

  open(groupId) {
    this.#groupId = groupId;
    formError(this.#errorScope, '');
    this.dialog.showModal();
  }

  /** handlers: add(groupId, username), remove(groupId, userId), leave(groupId), delete(groupId). */
  bind(handlers) {
    this.#handlers = handlers;
  }

  render(store) {
    if (!this.dialog.open) return;
    const group = store.conversations.get(this.#groupId);
    if (!group) {
      this.dialog.close();
      return;
    }
    const manager = group.role === 'owner' || group.role === 'admin';
    qs('#members-dialog-title').textContent = t('members.title', { name: group.title });
    const members = store.members.get(group.id) ?? [];
    reconcile(this.#list, members, {
      key: (member) => member.id,
      create: () =>
        el(
          'li',
          { className: 'member' },
          el('span', { className: 'avatar member-avatar' }),
          el('span', { className: 'presence', attrs: { role: 'img' } }),
          el('span', { className: 'member-name' }),
          deactivatedTag(),
          el('span', { className: 'role' }),
          el('button', { className: 'remove', text: t('members.remove'), attrs: { type: 'button' } }),
        ),
      update: (node, member) => {
        const online = store.online.has(member.id) || member.id === store.me.id;
        const presence = qs('.presence', node);
        presence.classList.toggle('online', online);
        presence.setAttribute('aria-label', online ? t('presence.online') : t('presence.offline'));
        showAvatar(qs('.member-avatar', node), member);
        qs('.member-name', node).textContent = `${member.displayName} @${member.username}${member.id === store.me.id ? t('members.you') : ''}`;
        show(qs('.deactivated-tag', node), member.deactivated === true);
        node.classList.toggle('deactivated', member.deactivated === true);
        qs('.role', node).textContent = member.role === 'member' ? '' : t(`role.${member.role}`);
        const removable =
          member.id !== store.me.id && (group.role === 'owner' || (group.role === 'admin' && member.role === 'member'));
        const remove = qs('.remove', node);
        show(remove, removable);
        remove.setAttribute('aria-label', t('members.removeLabel', { name: member.displayName }));
      },
    });
    show(this.#addForm, manager);
    const memberIds = new Set(members.map((member) => member.id));
    reconcile(
      qs('#add-member-suggestions'),
      [...store.friends.values()].filter(({ user }) => !memberIds.has(user.id)),
      {
        key: ({ user }) => user.id,
        create: ({ user }) => el('option', { attrs: { value: user.username }, text: user.displayName }),
        update: () => {},
      },
    );
    show(qs('#leave-group'), group.role !== 'owner');
    show(qs('#delete-group'), group.role === 'owner');
  }

  async #leaveWith(handler) {
    if (await this.attempt(this.#errorScope, () => handler(this.#groupId))) this.dialog.close();
  }
}

/** "Delete this message?": resolves true when the person confirmed. */
export class ConfirmDialog extends Dialog {
  constructor() {
    super(qs('#confirm-dialog'));
  }

  ask() {
    return new Promise((resolve) => {
      this.dialog.returnValue = '';
      $on(this.dialog, 'close', () => resolve(this.dialog.returnValue === 'confirm'), { once: true });
      this.dialog.showModal();
      qs('#confirm-ok', this.dialog).focus();
    });
  }
}

/** A message's earlier versions (GET …/versions), oldest first. */
export class VersionsDialog extends Dialog {
  #list = qs('#version-list');

  constructor() {
    super(qs('#versions-dialog'));
  }

  /** load() returns a promise of [{version, body, at}], oldest first. */
  async open(load) {
    this.#list.replaceChildren(el('li', { className: 'muted', text: t('common.loading') }));
    this.dialog.showModal();
    try {
      const versions = await load();
      this.#list.replaceChildren(
        ...versions.map((version) => {
          const { at } = version;
          const label = version.version === 1 ? t('versions.sent') : t('versions.edit', { n: version.version - 1 });
          return el(
            'li',
            { className: 'version' },
            el('time', { className: 'muted', text: `${label} · ${fullTime(at)}`, attrs: { datetime: at } }),
            el('p', { className: 'version-body', text: version.body, attrs: { dir: 'auto' } }),
          );
        }),
      );
    } catch (error) {
      this.#list.replaceChildren(el('li', { className: 'form-error', text: describe(error) }));
    }
  }
}

/** "Report this message": resolves the reason given, or null when the person cancelled. */
export class ReportDialog extends Dialog {
  #form = qs('#report-form');

  constructor() {
    super(qs('#report-dialog'));
  }

  ask(message) {
    this.#form.reset();
    qs('#report-quote', this.dialog).textContent = message.attachment ? message.attachment.name : message.body;
    return new Promise((resolve) => {
      this.dialog.returnValue = '';
      $on(this.dialog, 'close', () => resolve(this.dialog.returnValue === 'report' ? this.#form.elements.reason.value.trim() || null : null), { once: true });
      this.dialog.showModal();
      this.#form.elements.reason.focus();
    });
  }
}

/** Why a report did not go through, in words (docs/api.md, Reports and the moderation queue). */
export function reportProblem(error) {
  if (error.code === 'already_reported') return t('report.already');
  if (error.code === 'rate_limited') {
    const seconds = error.problem?.retryAfterSeconds;
    return t('report.tooMany', { wait: seconds ? duration(seconds) : t('report.aWhile') });
  }
  return t('report.failed', { reason: describe(error) });
}
