// The user's event stream over the best transport that works, behind one interface and one
// cursor. docs/client.md explains the choices; docs/api.md the protocol.

import { api } from './api.js';
import { t } from './i18n.js';

/** Best first. Each one is tried only when the one before it cannot be opened. */
export const TRANSPORTS = ['websocket', 'sse', 'longpoll', 'shortpoll'];

export const TRANSPORT_NAMES = {
  websocket: 'WebSocket',
  sse: 'Server-Sent Events',
  longpoll: t('status.longpoll'),
  shortpoll: t('status.shortpoll'),
};

// A WebSocket or SSE stream that has not said stream.ready by then is stuck (a buffering
// proxy, a half-open socket): give up on it like on a failed connect.
const OPEN_TIMEOUT_MS = 10_000;
// Reconnect delays double from BACKOFF_BASE_MS up to BACKOFF_MAX_MS; each is then jittered
// down to between half and all of it, so clients dropped together do not return together.
// The cap stays low so a restarted server sees its clients (and their unsent messages) soon.
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 10_000;
// Only a connection that stayed up this long resets the backoff: one that the server (or a
// proxy) drops right after opening must not be reopened twice a second forever.
const STABLE_AFTER_MS = 30_000;
// Long polls wait this long for an event: well under the 60 s proxies commonly allow.
const LONG_POLL_WAIT_S = 25;
// Short polls answer at once; this is the pause between them (the server counts a short
// poller as online for 10 s after each poll).
const SHORT_POLL_PAUSE_MS = 3_000;
// The server's largest poll page: a full page means more is waiting, so poll again at once.
const POLL_PAGE = 500;

const WS_CLOSE_CODES = {
  4400: 'invalid_cursor',
  4410: 'cursor_expired',
  4429: 'too_many_connections',
  4408: 'slow_consumer',
  4500: 'internal_error',
};

/**
 * Follows the stream after a cursor. Callbacks: onEvent(event) for every event but the
 * control frames; onState({state, transport, retryInMs}) with state connecting, live,
 * reconnecting or stopped; onExpired() when the cursor can no longer be served (reload the
 * snapshot, then start() again from a fresh cursor); onUnauthenticated().
 */
export class EventStream {
  #callbacks;
  #order;
  #forced;
  #index = 0;
  #cursor = null;
  #connection = null;
  #retryTimer = null;
  #failures = 0;
  // Counts start() and stop(): a diagnosis that finishes after either belongs to the past.
  #run = 0;

  constructor(callbacks, forcedTransport = null) {
    this.#callbacks = callbacks;
    this.#forced = TRANSPORTS.includes(forcedTransport) ? forcedTransport : null;
    this.#order = this.#forced ? [this.#forced] : TRANSPORTS;
  }

  get transport() {
    return this.#order[this.#index];
  }

  start(cursor) {
    this.stop();
    this.#run++;
    this.#cursor = cursor;
    this.#failures = 0;
    this.#connect();
  }

  stop() {
    this.#run++;
    this.#cancelRetry();
    this.#connection?.close();
    this.#connection = null;
  }

  /** Skips the wait of a pending reconnect (the browser came back online, the tab came back). */
  reconnectNow() {
    if (this.#retryTimer !== null) {
      this.#cancelRetry();
      this.#connect();
    }
  }

  #cancelRetry() {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
  }

  #connect() {
    const transport = this.transport;
    this.#state(this.#failures > 0 ? 'reconnecting' : 'connecting');
    let openedAt = null;
    let streamError = null;
    let openTimer = null;
    let connection = null;
    const current = () => connection !== null && connection === this.#connection;
    const markOpen = () => {
      if (openedAt !== null || !current()) return;
      openedAt = Date.now();
      clearTimeout(openTimer);
      this.#state('live');
    };
    const end = (code) => {
      clearTimeout(openTimer);
      if (!current()) return;
      this.#connection = null;
      connection.close();
      if (openedAt !== null && Date.now() - openedAt >= STABLE_AFTER_MS) this.#failures = 0;
      this.#closed(code ?? streamError, openedAt !== null);
    };
    connection = OPENERS[transport]({
      cursor: () => this.#cursor,
      onOpen: markOpen,
      onEvent: (event) => {
        if (!current()) return;
        if (event.type === 'stream.ready') {
          markOpen();
        } else if (event.type === 'stream.error') {
          streamError = event.data?.code ?? null;
        } else {
          this.#deliver(event);
        }
      },
      onCursor: (cursor) => {
        if (current()) this.#cursor = cursor;
      },
      onClose: end,
    });
    this.#connection = connection;
    openTimer = setTimeout(() => {
      if (openedAt === null) end(null);
    }, OPEN_TIMEOUT_MS);
  }

  #deliver(event) {
    try {
      this.#callbacks.onEvent(event);
    } catch (error) {
      // One bad event must not stall the stream; the cursor still moves past it.
      console.error('Handling event failed', event.type, error);
    }
    if (event.id) this.#cursor = event.id;
  }

  async #closed(code, opened) {
    const run = this.#run;
    if (this.#handledAsFatal(code)) return;
    if (!opened && code == null) {
      // The transport never opened, and no server said why: either the server is unreachable,
      // or this transport does not get through (a proxy without WebSocket, a buffering proxy).
      // A plain request tells which, and gives the reason when the cursor or session is at fault.
      const verdict = await this.#probe();
      if (run !== this.#run || this.#handledAsFatal(verdict)) return;
      if (verdict === 'transport' && this.#index < this.#order.length - 1) {
        this.#index++;
        this.#failures = 0;
        this.#connect();
        return;
      }
    }
    const delay = backoff(this.#failures++);
    this.#state('reconnecting', delay);
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      this.#connect();
    }, delay);
  }

  #handledAsFatal(code) {
    if (code === 'cursor_expired' || code === 'invalid_cursor') {
      this.stop();
      this.#state('connecting');
      this.#callbacks.onExpired();
      return true;
    }
    if (code === 'unauthenticated') {
      this.stop();
      this.#state('stopped');
      this.#callbacks.onUnauthenticated();
      return true;
    }
    return false;
  }

  /** 'transport' when the server answers fine, else the error's code, or 'unreachable'. */
  async #probe() {
    try {
      await api.events(this.#cursor, 0);
      return 'transport';
    } catch (error) {
      return error.code ?? 'unreachable';
    }
  }

  #state(state, retryInMs = null) {
    this.#callbacks.onState({ state, transport: this.transport, forced: this.#forced != null, retryInMs });
  }
}

function backoff(failures) {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** failures);
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

function sameOriginUrl(path, protocol) {
  const url = new URL(path, window.location.href);
  if (protocol) url.protocol = protocol;
  return url.toString();
}

/** Each opener starts one connection and returns {close()}; it reports through the hooks. */
const OPENERS = {
  websocket({ cursor, onEvent, onClose }) {
    const protocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(sameOriginUrl(`/api/events/ws?after=${encodeURIComponent(cursor())}`, protocol));
    socket.onmessage = (message) => {
      const frame = JSON.parse(message.data);
      // Replies to commands (ack, error) are not events; this client sends over HTTP.
      if (frame.type !== 'ack' && frame.type !== 'error') onEvent(frame);
    };
    socket.onclose = (close) => onClose(WS_CLOSE_CODES[close.code] ?? null);
    return {
      close() {
        socket.onclose = null;
        socket.onmessage = null;
        socket.close(1000);
      },
    };
  },

  sse({ cursor, onEvent, onClose }) {
    const source = new EventSource(`/api/events/stream?after=${encodeURIComponent(cursor())}`);
    source.onmessage = (message) => onEvent(JSON.parse(message.data));
    // EventSource would reconnect by itself, but from its own idea of the cursor and with its
    // own timing; closing it keeps one cursor and one backoff for every transport.
    source.onerror = () => {
      source.close();
      onClose(null);
    };
    return { close: () => source.close() };
  },

  longpoll: (hooks) => pollLoop(hooks, LONG_POLL_WAIT_S, 0),
  shortpoll: (hooks) => pollLoop(hooks, 0, SHORT_POLL_PAUSE_MS),
};

function pollLoop({ cursor, onOpen, onEvent, onCursor, onClose }, waitSeconds, pauseMs) {
  const abort = new AbortController();
  (async () => {
    // The first poll answers at once: it catches up and shows the transport works, where a
    // first long poll could wait its whole time before saying anything.
    let wait = 0;
    while (!abort.signal.aborted) {
      let page;
      try {
        page = await api.events(cursor(), wait, { signal: abort.signal });
        wait = waitSeconds;
      } catch (error) {
        if (!abort.signal.aborted) onClose(error.code ?? null);
        return;
      }
      onOpen();
      for (const event of page.events) onEvent(event);
      onCursor(page.cursor);
      if (pauseMs > 0 && page.events.length < POLL_PAGE) await sleep(pauseMs, abort.signal);
    }
  })();
  return { close: () => abort.abort() };
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
