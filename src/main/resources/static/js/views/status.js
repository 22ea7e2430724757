// The status line under the lists: connection state and transport, and the document title
// with the unread count.

import { qs } from '../dom.js';
import { TRANSPORT_NAMES } from '../stream.js';
import { t } from '../i18n.js';

const STATES = {
  connecting: t('status.connecting'),
  live: t('status.live'),
  reconnecting: t('status.reconnecting'),
  stopped: t('status.stopped'),
};

// An action's failure (an edit, a delete, a reaction) stays readable this long.
const FLASH_MS = 8_000;

export class StatusView {
  #line = qs('#status');
  #flashTimer = null;

  /**
   * Says that something the person did failed, in the alert line above the composer; with
   * `{ ok: true }`, that it worked (a report sent).
   */
  flash(text, { ok = false } = {}) {
    const line = qs('#chat-error');
    line.classList.toggle('ok', ok);
    line.textContent = text;
    clearTimeout(this.#flashTimer);
    this.#flashTimer = setTimeout(() => (line.textContent = ''), FLASH_MS);
  }

  render(store) {
    const { state, transport, forced } = store.connection;
    const via = transport ? ` · ${TRANSPORT_NAMES[transport]}${forced ? ` ${t('status.forced')}` : ''}` : '';
    // A mistyped ?transport= would otherwise go unnoticed: the client just picks the best one.
    const unknown = store.unknownTransport ? ` · ${t('status.unknownTransport', { name: store.unknownTransport })}` : '';
    qs('#status-text').textContent = `${STATES[state] ?? state}${via}${unknown}`;
    // For styling, and for tests and people diagnosing a connection.
    this.#line.dataset.state = state;
    this.#line.dataset.transport = transport ?? '';

    const unread = store.totalUnread();
    const open = store.conversations.get(store.openId);
    const title = open ? `${open.title} · ${t('app.name')}` : t('app.name');
    document.title = unread > 0 ? `(${unread}) ${title}` : title;
  }
}
