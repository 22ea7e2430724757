// The sign-in and sign-up forms.

import { $delegate, $on, formError, qs, show } from '../dom.js';

export class AuthView {
  #root = qs('#auth');
  #signIn = qs('#sign-in-form');
  #signUp = qs('#sign-up-form');

  constructor() {
    $delegate(this.#root, '[data-show]', 'click', (event, button) => this.switchTo(button.dataset.show));
  }

  show(visible) {
    show(this.#root, visible);
    if (visible) qs('input', this.#signUp.hidden ? this.#signIn : this.#signUp).focus();
  }

  switchTo(which) {
    show(this.#signIn, which === 'sign-in');
    show(this.#signUp, which === 'sign-up');
    formError(this.#signIn, '');
    formError(this.#signUp, '');
    qs('input', which === 'sign-in' ? this.#signIn : this.#signUp).focus();
  }

  /** handler({username, password}) returns a promise; a rejection's message is shown. */
  bindSignIn(handler) {
    this.#bindForm(this.#signIn, handler);
  }

  /** handler({username, displayName, password}), as for bindSignIn. */
  bindSignUp(handler) {
    this.#bindForm(this.#signUp, handler);
  }

  reset() {
    this.#signIn.reset();
    this.#signUp.reset();
    this.switchTo('sign-in');
  }

  #bindForm(form, handler) {
    $on(form, 'submit', async (event) => {
      event.preventDefault();
      const submit = qs('button[type=submit]', form);
      submit.disabled = true;
      formError(form, '');
      try {
        await handler(Object.fromEntries(new FormData(form)));
      } catch (error) {
        formError(form, describe(error));
      } finally {
        submit.disabled = false;
      }
    });
  }
}

/** A problem's detail, plus the per-field messages of validation_failed. */
export function describe(error) {
  const fields = error.problem?.errors?.map((e) => `${e.field}: ${e.message}`) ?? [];
  return [error.message, ...fields].join('. ');
}
