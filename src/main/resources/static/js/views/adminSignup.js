// The sign-up form says which registration policy applies (docs/client.md): open, invite-only
// (with a field for the code) or closed. Kept apart from auth.js, which only knows the form.

import { el, qs } from '../dom.js';
import { t } from '../i18n.js';

const NOTES = {
  open: '',
  invite: t('signup.inviteOnly'),
  closed: t('signup.closed'),
};

/** Fetches the policy with `loadPolicy()` and updates the sign-up form to match it. */
export async function showRegistrationPolicy(loadPolicy) {
  const form = qs('#sign-up-form');
  let policy = 'open';
  try {
    policy = (await loadPolicy()).policy;
  } catch {
    return; // The server answers with the right problem at sign-up anyway.
  }
  let note = qs('#sign-up-policy', form);
  if (!note) {
    note = el('p', { className: 'policy-note', attrs: { id: 'sign-up-policy', role: 'note' } });
    qs('h2', form).after(note);
  }
  note.textContent = NOTES[policy] ?? '';
  note.hidden = !note.textContent;
  note.dataset.policy = policy;

  let invite = qs('#invite-field', form);
  if (policy === 'invite' && !invite) {
    invite = el(
      'label',
      { attrs: { id: 'invite-field' } },
      `${t('signup.inviteCode')} `,
      el('input', { attrs: { name: 'inviteCode', autocomplete: 'off', required: true, maxlength: '64' } }),
    );
    qs('.form-error', form).before(invite);
  } else if (policy !== 'invite' && invite) {
    invite.remove();
  }
  qs('button[type=submit]', form).disabled = policy === 'closed';
}
