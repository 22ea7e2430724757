// What every administrators' section shares: its panel with a heading, and one line that says
// what the last action did or why the server refused it.

import { el } from '../../dom.js';
import { describe } from '../auth.js';
import { t } from '../../i18n.js';

// The server's codes that an administrator can act on, in words that say what to do.
const PROBLEMS = {
  last_admin: t('admin.problem.lastAdmin'),
  cannot_deactivate_self: t('admin.problem.deactivateSelf'),
  report_closed: t('admin.problem.reportClosed'),
  invalid_invite: t('admin.problem.invalidInvite'),
  backup_not_supported: t('admin.problem.backupNotSupported'),
  backup_running: t('admin.problem.backupRunning'),
};

export class Section {
  #line = el('p', { className: 'admin-feedback', attrs: { role: 'status', 'aria-live': 'polite' } });

  /** onForbidden() runs when the server says the person is no longer an administrator. */
  constructor(id, label, onForbidden) {
    this.id = id;
    this.label = label;
    this.onForbidden = onForbidden;
    this.root = el(
      'section',
      { className: 'admin-section', attrs: { id: `admin-${id}`, role: 'tabpanel', 'aria-labelledby': `admin-tab-${id}`, tabindex: '-1' } },
      el('h2', { className: 'admin-heading', text: label }),
      this.#line,
    );
  }

  /** Says that something worked. */
  notice(text) {
    this.#line.classList.remove('error');
    this.#line.textContent = text;
  }

  /** Says why the server refused, in its words or in ours for the codes above. */
  fail(error) {
    if (error.status === 403 && error.code === 'forbidden') this.onForbidden();
    this.#line.classList.add('error');
    this.#line.textContent = PROBLEMS[error.code] ?? describe(error);
  }

  /** Runs an action; its failure goes to the line. Resolves true when it worked. */
  async attempt(action) {
    try {
      await action();
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }
}
