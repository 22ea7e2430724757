// Registration: who may sign up (open, invite only, closed), and the server's invite codes.

import { adminApi } from '../../adminApi.js';
import { $delegate, $on, el, qs } from '../../dom.js';
import { fullTime } from '../../format.js';
import { Section } from './section.js';
import { t } from '../../i18n.js';

const POLICIES = [
  { value: 'open', label: t('registration.open'), hint: t('registration.openHint') },
  { value: 'invite', label: t('registration.invite'), hint: t('registration.inviteHint') },
  { value: 'closed', label: t('registration.closed'), hint: t('registration.closedHint') },
];

// The server's limits (tidings.admin.max-invite-lifetime and max-invite-uses, by default).
const MAX_HOURS = 90 * 24;
const MAX_USES = 1000;

export class RegistrationSection extends Section {
  #policyForm;
  #inviteForm;
  #invites = el('ul', { className: 'admin-list', attrs: { 'aria-label': t('registration.codes') } });

  constructor({ onForbidden }) {
    super('registration', t('registration.title'), onForbidden);
    this.#policyForm = el(
      'form',
      { className: 'admin-form' },
      el(
        'fieldset',
        { className: 'policy-choices' },
        el('legend', { text: t('registration.who') }),
        ...POLICIES.map(({ value, label, hint }) =>
          el(
            'label',
            { className: 'policy-choice' },
            el('input', { attrs: { type: 'radio', name: 'policy', value, 'aria-describedby': `policy-hint-${value}` } }),
            el('span', {}, el('strong', { text: label }), el('span', { className: 'muted', text: ` ${hint}`, attrs: { id: `policy-hint-${value}` } })),
          ),
        ),
      ),
      el('div', {}, el('button', { text: t('registration.save'), className: 'primary', attrs: { id: 'admin-save-policy', type: 'submit' } })),
    );
    this.#inviteForm = el(
      'form',
      { className: 'admin-form invite-form' },
      el('h3', { text: t('registration.codes') }),
      el(
        'div',
        { className: 'admin-fields' },
        numberField(t('registration.validFor'), 'expiresInHours', 72, MAX_HOURS),
        numberField(t('registration.uses'), 'maxUses', 1, MAX_USES),
        el('button', { text: t('registration.create'), attrs: { type: 'submit' } }),
      ),
    );
    this.root.append(this.#policyForm, this.#inviteForm, this.#invites);
    $on(this.#policyForm, 'submit', (event) => {
      event.preventDefault();
      this.#savePolicy();
    });
    $on(this.#inviteForm, 'submit', (event) => {
      event.preventDefault();
      this.#createInvite();
    });
    $delegate(this.#invites, 'button[data-action=copy]', 'click', (event, button) => this.#copy(button.closest('li')));
    $delegate(this.#invites, 'button[data-action=delete]', 'click', (event, button) =>
      this.#deleteInvite(Number(button.closest('li').dataset.inviteId)),
    );
  }

  async load() {
    await this.attempt(async () => {
      const [{ policy }, invites] = await Promise.all([adminApi.registration(), adminApi.invites()]);
      for (const radio of this.#policyForm.elements.policy) radio.checked = radio.value === policy;
      this.#renderInvites(invites);
    });
  }

  async #savePolicy() {
    const policy = this.#policyForm.elements.policy.value;
    if (!policy) return;
    const label = POLICIES.find((p) => p.value === policy).label;
    if (await this.attempt(() => adminApi.setRegistration(policy))) this.notice(t('registration.saved', { policy: label }));
  }

  async #createInvite() {
    const { expiresInHours, maxUses } = this.#inviteForm.elements;
    let invite = null;
    const made = await this.attempt(async () => {
      invite = await adminApi.createInvite(Number(expiresInHours.value), Number(maxUses.value));
    });
    if (!made) return;
    await this.load();
    this.notice(t('registration.created', { code: invite.code }));
    qs(`li[data-invite-id="${invite.id}"] input`, this.#invites)?.select();
  }

  async #deleteInvite(inviteId) {
    if (!(await this.attempt(() => adminApi.deleteInvite(inviteId)))) return;
    await this.load();
    this.notice(t('registration.deleted'));
  }

  /** The Clipboard API where the page may use it; otherwise the code is selected for Ctrl+C. */
  async #copy(row) {
    const input = qs('input', row);
    try {
      await navigator.clipboard.writeText(input.value);
      this.notice(t('registration.copied'));
    } catch {
      input.focus();
      input.select();
      this.notice(t('registration.pressCopy'));
    }
  }

  #renderInvites(invites) {
    if (invites.length === 0) {
      this.#invites.replaceChildren(el('li', { className: 'empty-list', text: t('registration.none') }));
      return;
    }
    const now = Date.now();
    this.#invites.replaceChildren(
      ...invites.map((invite) => {
        const expired = new Date(invite.expiresAt).getTime() <= now;
        const usedUp = invite.uses >= invite.maxUses;
        const state = expired ? t('registration.expired') : usedUp ? t('registration.usedUp') : t('registration.validUntil', { time: fullTime(invite.expiresAt) });
        return el(
          'li',
          { className: 'admin-row invite', dataset: { inviteId: invite.id } },
          el('input', { className: 'invite-code', attrs: { readonly: true, value: invite.code, 'aria-label': t('signup.inviteCode'), spellcheck: 'false' } }),
          el('span', { className: 'admin-row-detail muted', text: `${t('registration.usedOf', { count: invite.uses, max: invite.maxUses })} · ${state}` }),
          el(
            'span',
            { className: 'admin-row-actions' },
            el('button', { text: t('invites.copy'), dataset: { action: 'copy' }, attrs: { type: 'button', 'aria-label': t('registration.copyLabel', { code: invite.code }) } }),
            el('button', { text: t('common.delete'), className: 'danger', dataset: { action: 'delete' }, attrs: { type: 'button', 'aria-label': t('registration.deleteLabel', { code: invite.code }) } }),
          ),
        );
      }),
    );
  }
}

function numberField(label, name, value, max) {
  return el('label', {}, label, el('input', { attrs: { type: 'number', name, value: String(value), min: '1', max: String(max), required: true } }));
}
