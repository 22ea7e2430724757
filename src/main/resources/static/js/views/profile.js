// The profile dialog: display name, status line and avatar. Builds its own markup so the
// feature stays in its own files; the avatar goes up in one PUT (see docs/api.md, "Profiles").

import { t } from '../i18n.js';
import { ApiError, request, xsrfToken } from '../api.js';
import { avatarChanged, avatarOf } from '../avatars.js';
import { el, formError } from '../dom.js';
import { describe } from './auth.js';

async function putAvatar(file) {
  const response = await fetch('/api/me/avatar', {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { 'X-XSRF-TOKEN': xsrfToken() ?? '', 'Content-Type': file.type || 'application/octet-stream' },
    body: file,
  });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

export class ProfileDialog {
  #dialog;
  #form;
  #preview;
  #getMe;
  #setMe;

  /** `getMe()` is the signed-in user; `setMe(me)` stores the new /api/me answer. */
  constructor(getMe, setMe) {
    this.#getMe = getMe;
    this.#setMe = setMe;
    this.#preview = el('span');
    this.#form = el(
      'form',
      { className: 'profile-form', attrs: { method: 'dialog', novalidate: true } },
      el('h2', { text: t('profile.title') }),
      el('div', { className: 'profile-avatar' }, this.#preview),
      el('label', { text: `${t('profile.avatar')} ` }, el('input', { attrs: { type: 'file', name: 'avatar', accept: 'image/png,image/jpeg,image/gif,image/webp' } })),
      el('button', { className: 'link', text: t('profile.removeAvatar'), dataset: { action: 'remove-avatar' }, attrs: { type: 'button' } }),
      el('label', { text: `${t('profile.displayName')} ` }, el('input', { attrs: { name: 'displayName', maxlength: 64, required: true } })),
      el('label', { text: `${t('profile.status')} ` }, el('input', { attrs: { name: 'status', maxlength: 80, placeholder: t('profile.statusPlaceholder') } })),
      el('p', { className: 'form-error', attrs: { role: 'alert' } }),
      el(
        'div',
        { className: 'dialog-actions' },
        el('button', { text: t('common.cancel'), dataset: { action: 'cancel' }, attrs: { type: 'button' } }),
        el('button', { className: 'primary', text: t('profile.save'), attrs: { type: 'submit' } }),
      ),
    );
    this.#dialog = el('dialog', { className: 'profile-dialog', attrs: { id: 'profile-dialog', 'aria-label': t('profile.title') } }, this.#form);
    document.body.append(this.#dialog);
    this.#form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.#save();
    });
    this.#form.addEventListener('click', (event) => {
      const action = event.target.closest('[data-action]')?.dataset.action;
      if (action === 'cancel') this.#dialog.close();
      if (action === 'remove-avatar') this.#removeAvatar();
    });
  }

  open() {
    const me = this.#getMe();
    this.#form.elements.displayName.value = me.displayName;
    this.#form.elements.status.value = me.status ?? '';
    this.#form.elements.avatar.value = '';
    this.#showPreview(me);
    formError(this.#form, '');
    this.#dialog.showModal();
  }

  #showPreview(me) {
    const avatar = avatarOf(me, 128);
    avatar.classList.add('large');
    this.#preview.replaceChildren(avatar);
  }

  async #save() {
    const data = new FormData(this.#form);
    try {
      const file = this.#form.elements.avatar.files[0];
      if (file) await putAvatar(file);
      const me = await request('PATCH', '/api/me', {
        displayName: String(data.get('displayName')).trim(),
        status: String(data.get('status')).trim(),
      });
      this.#changed(me);
      this.#dialog.close();
    } catch (error) {
      formError(this.#form, describe(error));
    }
  }

  async #removeAvatar() {
    try {
      await request('DELETE', '/api/me/avatar');
      const me = await request('GET', '/api/me');
      this.#changed(me);
      this.#showPreview(me);
    } catch (error) {
      formError(this.#form, describe(error));
    }
  }

  // The stream's user.updated says the same a moment later; this tab need not wait for it.
  #changed(me) {
    avatarChanged({ userId: me.id, displayName: me.displayName, avatarVersion: me.avatarVersion });
    this.#setMe(me);
  }
}
