// The administrators' pages (docs/client.md, Administration), shown in the place of the chat:
// one tab per section. Only administrators see the entry in the sidebar; the server refuses
// everyone else on /api/admin/ anyway, and a refusal here closes the pages.

import { $on, el, qs, show } from '../dom.js';
import { AuditSection } from './admin/audit.js';
import { RegistrationSection } from './admin/registration.js';
import { ReportsSection } from './admin/reports.js';
import { ServerSection } from './admin/server.js';
import { UsersSection } from './admin/users.js';
import { t } from '../i18n.js';

export class AdminView {
  #app = qs('#app');
  #root = qs('#admin');
  #entry = qs('#admin-open');
  #tabs = el('div', { className: 'tabs admin-tabs', attrs: { role: 'tablist', 'aria-label': t('sidebar.admin') } });
  #sections;
  #current = null;
  #me = null;
  #handlers = {};

  constructor() {
    const context = { me: () => this.#me, onForbidden: () => this.#lostAdmin() };
    this.#sections = [
      new UsersSection(context),
      new RegistrationSection(context),
      new ReportsSection(context),
      new AuditSection(context),
      new ServerSection({ ...context, open: (id) => this.open(id) }),
    ];
    const back = el('button', { className: 'icon-button', text: '←', attrs: { type: 'button', 'aria-label': t('admin.back'), title: t('admin.back') } });
    this.#root.append(
      el('header', { className: 'chat-header' }, back, el('div', { className: 'chat-heading' }, el('h1', { text: t('sidebar.admin'), attrs: { id: 'admin-title' } }))),
      this.#tabs,
      el('div', { className: 'admin-body' }, ...this.#sections.map((section) => section.root)),
    );
    for (const section of this.#sections) {
      const tab = el('button', { text: section.label, dataset: { section: section.id }, attrs: { id: `admin-tab-${section.id}`, type: 'button', role: 'tab', 'aria-controls': `admin-${section.id}` } });
      $on(tab, 'click', () => this.#select(section));
      $on(tab, 'keydown', (event) => this.#arrow(event, section));
      this.#tabs.append(tab);
    }
    $on(this.#entry, 'click', () => this.open());
    $on(back, 'click', () => this.close());
  }

  /** handler() when the pages open: the app closes the open conversation (it is out of view). */
  bindOpen(handler) {
    this.#handlers.open = handler;
  }

  /** handler() when the server says this person is not an administrator (any more). */
  bindLostAdmin(handler) {
    this.#handlers.lostAdmin = handler;
  }

  open(id = this.#current?.id ?? 'users') {
    if (!this.#me?.isAdmin) return;
    this.#handlers.open?.();
    show(this.#root, true);
    this.#app.classList.add('admin-open');
    this.#select(this.#sections.find((section) => section.id === id));
  }

  close() {
    if (this.#root.hidden) return;
    show(this.#root, false);
    this.#app.classList.remove('admin-open');
    this.#entry.focus();
  }

  /** A job.progress or job.finished event: the sections that started jobs (backups) follow theirs. */
  jobChanged(job) {
    for (const section of this.#sections) section.jobChanged?.(job);
  }

  /** Follows the store: the entry for administrators; opening a conversation closes the pages. */
  render(store) {
    this.#me = store.me;
    show(this.#entry, store.me?.isAdmin === true);
    if (!store.me?.isAdmin || store.openId != null) this.#hide();
  }

  /** Signed out: nothing of these pages stays for the next person. */
  reset() {
    this.#me = null;
    this.#hide();
    show(this.#entry, false);
  }

  #hide() {
    show(this.#root, false);
    this.#app.classList.remove('admin-open');
  }

  #select(section) {
    this.#current = section;
    for (const tab of this.#tabs.children) {
      const selected = tab.dataset.section === section.id;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    for (const other of this.#sections) show(other.root, other === section);
    section.load();
  }

  /** The ARIA tabs pattern: arrows, Home and End move between the sections. */
  #arrow(event, section) {
    const index = this.#sections.indexOf(section);
    const last = this.#sections.length - 1;
    const next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: last }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = this.#sections[(next + last + 1) % (last + 1)];
    this.#select(target);
    qs(`#admin-tab-${target.id}`).focus();
  }

  #lostAdmin() {
    this.#hide();
    this.#handlers.lostAdmin?.();
  }
}
