// The status line under the lists: connection state and transport, and the document title
// with the unread count.

import { qs } from '../dom.js';
import { TRANSPORT_NAMES } from '../stream.js';

const STATES = {
  connecting: 'Connecting',
  live: 'Live',
  reconnecting: 'Connection lost, reconnecting',
  stopped: 'Disconnected',
};

export class StatusView {
  #line = qs('#status');

  render(store) {
    const { state, transport, forced } = store.connection;
    const via = transport ? ` · ${TRANSPORT_NAMES[transport]}${forced ? ' (forced)' : ''}` : '';
    qs('#status-text').textContent = `${STATES[state] ?? state}${via}`;
    // For styling, and for tests and people diagnosing a connection.
    this.#line.dataset.state = state;
    this.#line.dataset.transport = transport ?? '';

    const unread = store.totalUnread();
    const open = store.conversations.get(store.openId);
    const title = open ? `${open.title} · Tidings` : 'Tidings';
    document.title = unread > 0 ? `(${unread}) ${title}` : title;
  }
}
