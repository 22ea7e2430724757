// Reports: the moderation queue. Each report shows the message among the ones around it, who
// reported it and why; an open one is decided here (delete the message, dismiss, or deactivate
// its author), with an optional note that goes to the audit log.

import { adminApi } from '../../adminApi.js';
import { $delegate, $on, el, qs } from '../../dom.js';
import { clock, fullTime } from '../../format.js';
import { Section } from './section.js';
import { t } from '../../i18n.js';

const STATES = [
  { value: 'open', label: t('reports.open') },
  { value: 'resolved', label: t('reports.resolved') },
  { value: 'dismissed', label: t('reports.dismissed') },
];

const DECISIONS = {
  delete_message: { text: t('reports.deleteMessage'), done: t('reports.deleteMessageDone') },
  dismiss: { text: t('reports.dismiss'), done: t('reports.dismissDone') },
  deactivate_author: { text: t('reports.deactivateAuthor'), done: t('reports.deactivateAuthorDone') },
};

export class ReportsSection extends Section {
  #state;
  #list = el('ol', { className: 'report-list', attrs: { 'aria-label': t('reports.title') } });
  #more = el('button', { className: 'link', text: t('reports.more'), attrs: { type: 'button' } });
  #oldest = null;

  constructor({ onForbidden }) {
    super('reports', t('reports.title'), onForbidden);
    this.#state = el('select', { attrs: { id: 'admin-report-state', name: 'state' } }, ...STATES.map(({ value, label }) => el('option', { text: label, attrs: { value } })));
    const refresh = el('button', { text: t('admin.refresh'), attrs: { type: 'button' } });
    this.root.append(
      el('div', { className: 'admin-toolbar' }, el('label', { text: `${t('reports.show')} `, attrs: { for: 'admin-report-state' } }), this.#state, refresh),
      this.#list,
      this.#more,
    );
    $on(this.#state, 'change', () => this.load());
    $on(refresh, 'click', () => this.load());
    $on(this.#more, 'click', () => this.#page(false));
    $delegate(this.#list, 'button[data-decision]', 'click', (event, button) => this.#decide(button.closest('li.report'), button.dataset.decision));
  }

  load() {
    return this.#page(true);
  }

  async #page(first) {
    await this.attempt(async () => {
      const { reports, hasMore } = await adminApi.reports(this.#state.value, first ? null : this.#oldest);
      const cards = reports.map(reportCard);
      if (first) this.#list.replaceChildren(...cards);
      else this.#list.append(...cards);
      if (first && reports.length === 0) this.#list.replaceChildren(el('li', { className: 'empty-list', text: t('reports.none') }));
      this.#oldest = reports.at(-1)?.id ?? this.#oldest;
      this.#more.hidden = !hasMore;
    });
  }

  async #decide(card, action) {
    const decision = DECISIONS[action];
    if (action === 'deactivate_author' && !window.confirm(t('reports.deactivateConfirm'))) return;
    const reason = qs('input[name=reason]', card).value.trim();
    const done = await this.attempt(() => adminApi.resolve(Number(card.dataset.reportId), action, reason));
    if (!done) return;
    await this.load();
    this.notice(decision.done);
    this.#state.focus();
  }
}

function reportCard(report) {
  const { reporter, message } = report;
  return el(
    'li',
    { className: 'report', dataset: { reportId: report.id, state: report.state } },
    el(
      'p',
      { className: 'report-head' },
      `${t('reports.by')} `,
      el('strong', { text: reporter.displayName }),
      el('span', { className: 'muted', text: ` @${reporter.username}` }),
      el('time', { className: 'muted', text: ` · ${fullTime(report.createdAt)}`, attrs: { datetime: report.createdAt } }),
    ),
    el('p', { className: 'report-reason' }, el('span', { className: 'muted', text: `${t('reports.reason')} ` }), el('span', { text: report.reason, attrs: { dir: 'auto' } })),
    el('p', { className: 'muted report-where', text: t('reports.where', { id: String(message.conversationId), username: message.sender.username }) }),
    el('ol', { className: 'report-context', attrs: { 'aria-label': t('reports.context') } }, ...report.context.map((m) => contextLine(m, m.id === message.id))),
    report.state === 'open' ? decisionForm(report) : outcome(report),
  );
}

function contextLine(message, reported) {
  return el(
    'li',
    { className: reported ? 'context-message reported' : 'context-message', attrs: reported ? { 'aria-current': 'true' } : {} },
    el('span', { className: 'sender', text: message.sender.displayName }),
    el('time', { className: 'muted', text: ` ${clock(message.sentAt)} `, attrs: { datetime: message.sentAt, title: fullTime(message.sentAt) } }),
    reported ? el('span', { className: 'admin-tag', text: t('reports.reported') }) : null,
    // The text as written, never formatted: what the reader must judge is exactly what was sent.
    message.deleted
      ? el('em', { className: 'context-body muted', text: t('message.deleted') })
      : el('span', { className: 'context-body', text: message.attachment ? t('reports.file', { name: message.attachment.name }) : message.body, attrs: { dir: 'auto' } }),
  );
}

function decisionForm(report) {
  const inputId = `report-note-${report.id}`;
  return el(
    'div',
    { className: 'report-actions' },
    el('label', { text: t('reports.note'), attrs: { for: inputId } }),
    el('input', { attrs: { id: inputId, name: 'reason', maxlength: '500', autocomplete: 'off' } }),
    el(
      'span',
      { className: 'admin-row-actions' },
      ...Object.entries(DECISIONS).map(([action, { text }]) =>
        el('button', { text, className: action === 'dismiss' ? '' : 'danger', dataset: { decision: action }, attrs: { type: 'button' } }),
      ),
    ),
  );
}

function outcome(report) {
  const what = { delete_message: t('reports.outcome.deleted'), dismiss: t('reports.outcome.dismissed'), deactivate_author: t('reports.outcome.deactivated') }[report.resolution] ?? report.state;
  const when = report.resolvedAt ? ` · ${fullTime(report.resolvedAt)}` : '';
  return el('p', { className: 'report-outcome muted', text: `${what}${when}` });
}
