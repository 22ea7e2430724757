// Users: find accounts, grant or revoke the administrator role, deactivate and reactivate.

import { adminApi } from '../../adminApi.js';
import { $delegate, $on, el, qs } from '../../dom.js';
import { listTime } from '../../format.js';
import { Section } from './section.js';

export class UsersSection extends Section {
  #form;
  #list = el('ul', { className: 'admin-list', attrs: { 'aria-label': 'Accounts' } });
  #me;
  #searches = 0;

  /** me() is the signed-in person, so the list can say "you" and notice a self-demotion. */
  constructor({ me, onForbidden }) {
    super('users', 'Users', onForbidden);
    this.#me = me;
    this.#form = el(
      'form',
      { className: 'inline-form admin-toolbar', attrs: { role: 'search' } },
      el('label', { className: 'visually-hidden', text: 'Search accounts', attrs: { for: 'admin-user-query' } }),
      el('input', { attrs: { id: 'admin-user-query', name: 'q', type: 'search', placeholder: 'Username or display name', autocomplete: 'off' } }),
      el('button', { text: 'Search', attrs: { type: 'submit' } }),
    );
    this.root.append(this.#form, this.#list);
    $on(this.#form, 'submit', (event) => {
      event.preventDefault();
      this.load();
    });
    $delegate(this.#list, 'button[data-action]', 'click', (event, button) =>
      this.#act(button.dataset.action, Number(button.closest('li').dataset.userId), button.dataset.name),
    );
  }

  async load() {
    const query = this.#form.elements.q.value.trim();
    // Answers can come back out of order (typing, then searching again): only the last counts.
    const search = ++this.#searches;
    await this.attempt(async () => {
      const users = await adminApi.users(query);
      if (search === this.#searches) this.#render(users);
    });
  }

  #render(users) {
    const me = this.#me();
    if (users.length === 0) {
      this.#list.replaceChildren(el('li', { className: 'empty-list', text: 'No account matches.' }));
      return;
    }
    this.#list.replaceChildren(
      ...users.map((user) => {
        const tags = [user.isAdmin && 'Administrator', user.deactivated && 'Deactivated', user.id === me.id && 'You'].filter(Boolean);
        const button = (action, text, className) =>
          el('button', { text, className, dataset: { action, name: user.username }, attrs: { type: 'button', 'aria-label': `${text}: ${user.username}` } });
        return el(
          'li',
          { className: 'admin-row', dataset: { userId: user.id, username: user.username } },
          el(
            'span',
            { className: 'admin-row-main' },
            el('strong', { text: user.displayName }),
            el('span', { className: 'muted', text: ` @${user.username}` }),
            el('span', { className: 'admin-row-detail muted', text: `Joined ${listTime(user.createdAt)}` }),
          ),
          el('span', { className: 'admin-tags' }, ...tags.map((tag) => el('span', { className: `admin-tag ${tag.toLowerCase()}`, text: tag }))),
          el(
            'span',
            { className: 'admin-row-actions' },
            user.isAdmin ? button('revoke', 'Remove administrator') : button('grant', 'Make administrator'),
            user.id === me.id ? null : user.deactivated ? button('reactivate', 'Reactivate') : button('deactivate', 'Deactivate', 'danger'),
            user.id === me.id ? null : button('erase', 'Erase…', 'danger'),
          ),
        );
      }),
    );
  }

  async #act(action, userId, username) {
    if (action === 'deactivate' && !window.confirm(`Deactivate @${username}? They are signed out everywhere at once and cannot sign in until reactivated.`)) return;
    if (
      action === 'erase' &&
      !window.confirm(`Erase @${username}? The account is deactivated and every message it sent is erased for good, files included. This cannot be undone.`)
    )
      return;
    const call = {
      grant: adminApi.grantAdmin,
      revoke: adminApi.revokeAdmin,
      deactivate: adminApi.deactivate,
      reactivate: adminApi.reactivate,
      erase: adminApi.erase,
    }[action];
    const done = await this.attempt(() => call(userId));
    if (!done) return;
    const said = {
      grant: 'is now an administrator',
      revoke: 'is no longer an administrator',
      deactivate: 'is deactivated',
      reactivate: 'can sign in again',
      erase: 'is deactivated; erasing their messages runs in the background',
    }[action];
    this.notice(`@${username} ${said}.`);
    if (action === 'revoke' && userId === this.#me().id) {
      // Stepped down: the pages close, and the entry goes away.
      this.onForbidden();
      return;
    }
    await this.load();
    qs(`li[data-user-id="${userId}"] button[data-action]`, this.#list)?.focus();
  }
}
