// Users: find accounts, grant or revoke the administrator role, deactivate and reactivate.

import { adminApi } from '../../adminApi.js';
import { $delegate, $on, el, qs } from '../../dom.js';
import { listTime } from '../../format.js';
import { Section } from './section.js';
import { t } from '../../i18n.js';

export class UsersSection extends Section {
  #form;
  #list = el('ul', { className: 'admin-list', attrs: { 'aria-label': t('users.accounts') } });
  #me;
  #searches = 0;

  /** me() is the signed-in person, so the list can say "you" and notice a self-demotion. */
  constructor({ me, onForbidden }) {
    super('users', t('users.title'), onForbidden);
    this.#me = me;
    this.#form = el(
      'form',
      { className: 'inline-form admin-toolbar', attrs: { role: 'search' } },
      el('label', { className: 'visually-hidden', text: t('users.search'), attrs: { for: 'admin-user-query' } }),
      el('input', { attrs: { id: 'admin-user-query', name: 'q', type: 'search', placeholder: t('users.placeholder'), autocomplete: 'off' } }),
      el('button', { text: t('search.submit'), attrs: { type: 'submit' } }),
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
      this.#list.replaceChildren(el('li', { className: 'empty-list', text: t('users.none') }));
      return;
    }
    this.#list.replaceChildren(
      ...users.map((user) => {
        const tags = [user.isAdmin && ['administrator', t('users.tag.admin')], user.deactivated && ['deactivated', t('users.tag.deactivated')], user.id === me.id && ['you', t('users.tag.you')]].filter(Boolean);
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
            el('span', { className: 'admin-row-detail muted', text: t('users.joined', { time: listTime(user.createdAt) }) }),
          ),
          el('span', { className: 'admin-tags' }, ...tags.map(([kind, tag]) => el('span', { className: `admin-tag ${kind}`, text: tag }))),
          el(
            'span',
            { className: 'admin-row-actions' },
            user.isAdmin ? button('revoke', t('users.revoke')) : button('grant', t('users.grant')),
            user.id === me.id ? null : user.deactivated ? button('reactivate', t('users.reactivate')) : button('deactivate', t('users.deactivate'), 'danger'),
            user.id === me.id ? null : button('erase', t('users.erase'), 'danger'),
          ),
        );
      }),
    );
  }

  async #act(action, userId, username) {
    if (action === 'deactivate' && !window.confirm(t('users.deactivateConfirm', { username }))) return;
    if (
      action === 'erase' &&
      !window.confirm(t('users.eraseConfirm', { username }))
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
      grant: t('users.done.grant', { username }),
      revoke: t('users.done.revoke', { username }),
      deactivate: t('users.done.deactivate', { username }),
      reactivate: t('users.done.reactivate', { username }),
      erase: t('users.done.erase', { username }),
    }[action];
    this.notice(said);
    if (action === 'revoke' && userId === this.#me().id) {
      // Stepped down: the pages close, and the entry goes away.
      this.onForbidden();
      return;
    }
    await this.load();
    qs(`li[data-user-id="${userId}"] button[data-action]`, this.#list)?.focus();
  }
}
