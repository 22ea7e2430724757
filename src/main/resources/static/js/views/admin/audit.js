// The audit log: every administrator's and moderator's action, newest first, paged, and the
// whole log as CSV. Read-only, as the server keeps it.

import { adminApi } from '../../adminApi.js';
import { $on, el } from '../../dom.js';
import { fullTime } from '../../format.js';
import { Section } from './section.js';
import { t } from '../../i18n.js';

// What each action code means; the code itself stays visible, as in the CSV export.
const ACTIONS = {
  'admin.grant': t('audit.action.grant'),
  'admin.revoke': t('audit.action.revoke'),
  'registration.policy': t('audit.action.policy'),
  'server_invite.create': t('audit.action.inviteCreate'),
  'server_invite.delete': t('audit.action.inviteDelete'),
  'message.delete': t('audit.action.messageDelete'),
  'report.dismiss': t('audit.action.reportDismiss'),
  'user.deactivate': t('audit.action.deactivate'),
  'user.reactivate': t('audit.action.reactivate'),
  'user.erase': t('audit.action.erase'),
};

export class AuditSection extends Section {
  #rows = el('tbody');
  #more = el('button', { className: 'link', text: t('audit.more'), attrs: { type: 'button' } });
  #oldest = null;

  constructor({ onForbidden }) {
    super('audit', t('audit.title'), onForbidden);
    const refresh = el('button', { text: t('admin.refresh'), attrs: { type: 'button' } });
    const csv = el('a', { className: 'button-link', text: t('audit.csv'), attrs: { href: adminApi.auditCsvUrl, download: 'tidings-audit.csv' } });
    const table = el(
      'table',
      { className: 'audit-table' },
      el('caption', { className: 'visually-hidden', text: t('audit.caption') }),
      el('thead', {}, el('tr', {}, ...[t('audit.when'), t('audit.who'), t('audit.action'), t('audit.target'), t('audit.reason')].map((text) => el('th', { text, attrs: { scope: 'col' } })))),
      this.#rows,
    );
    this.root.append(el('div', { className: 'admin-toolbar' }, refresh, csv), el('div', { className: 'table-scroll' }, table), this.#more);
    $on(refresh, 'click', () => this.load());
    $on(this.#more, 'click', () => this.#page(false));
  }

  load() {
    return this.#page(true);
  }

  async #page(first) {
    await this.attempt(async () => {
      const { entries, hasMore } = await adminApi.audit(first ? null : this.#oldest);
      const rows = entries.map(entryRow);
      if (first) this.#rows.replaceChildren(...rows);
      else this.#rows.append(...rows);
      this.#oldest = entries.at(-1)?.id ?? this.#oldest;
      this.#more.hidden = !hasMore;
    });
  }
}

function entryRow(entry) {
  const target = entry.targetId == null ? entry.targetType : `${entry.targetType} ${entry.targetId}`;
  return el(
    'tr',
    { dataset: { action: entry.action } },
    el('td', {}, el('time', { text: fullTime(entry.at), attrs: { datetime: entry.at } })),
    el('td', { text: `@${entry.actor.username}` }),
    el('td', {}, el('span', { text: ACTIONS[entry.action] ?? entry.action }), el('code', { className: 'muted', text: ` ${entry.action}` })),
    el('td', { text: target }),
    el('td', { text: entry.reason ?? '', attrs: { dir: 'auto' } }),
  );
}
