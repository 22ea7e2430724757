// What every administrators' section shares: its panel with a heading, and one line that says
// what the last action did or why the server refused it.

import { el } from '../../dom.js';
import { describe } from '../auth.js';

// The server's codes that an administrator can act on, in words that say what to do.
const PROBLEMS = {
  last_admin: 'The server needs at least one administrator: make someone else an administrator first.',
  cannot_deactivate_self: 'You cannot deactivate your own account.',
  report_closed: 'Someone decided this report already.',
  backup_not_supported: 'This server stores in PostgreSQL: back it up with pg_dump (docs/deployment.md, Backups).',
  backup_running: 'A backup is under way already.',
  invalid_invite: 'An invite code lasts at most 90 days and has 1 to 1,000 uses.',
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
