// The audit log: every administrator's and moderator's action, newest first, paged, and the
// whole log as CSV. Read-only, as the server keeps it.

import { adminApi } from '../../adminApi.js';
import { $on, el } from '../../dom.js';
import { fullTime } from '../../format.js';
import { Section } from './section.js';

// What each action code means; the code itself stays visible, as in the CSV export.
const ACTIONS = {
  'admin.grant': 'Made an administrator',
  'admin.revoke': 'Removed an administrator',
  'registration.policy': 'Changed the registration policy',
  'server_invite.create': 'Created an invite code',
  'server_invite.delete': 'Deleted an invite code',
  'message.delete': 'Deleted a message',
  'report.dismiss': 'Dismissed a report',
  'user.deactivate': 'Deactivated an account',
  'user.reactivate': 'Reactivated an account',
  'user.erase': 'Erased an account',
};

export class AuditSection extends Section {
  #rows = el('tbody');
  #more = el('button', { className: 'link', text: 'Load older entries', attrs: { type: 'button' } });
  #oldest = null;

  constructor({ onForbidden }) {
    super('audit', 'Audit log', onForbidden);
    const refresh = el('button', { text: 'Refresh', attrs: { type: 'button' } });
    const csv = el('a', { className: 'button-link', text: 'Download CSV', attrs: { href: adminApi.auditCsvUrl, download: 'tidings-audit.csv' } });
    const table = el(
      'table',
      { className: 'audit-table' },
      el('caption', { className: 'visually-hidden', text: 'Audit log, newest first' }),
      el('thead', {}, el('tr', {}, ...['When', 'Who', 'Action', 'Target', 'Reason'].map((text) => el('th', { text, attrs: { scope: 'col' } })))),
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
