// Messages on their way to the server. Each has a clientMsgId made here, so sending it again
// after a lost answer or a server restart can never store it twice (the server answers a
// repeat with the original message). They go out one at a time, in the order they were
// written.
//
// States: 'pending' (being sent, or waiting for its turn), 'waiting' (the server was
// unreachable or busy: sent again on its own when the connection is back) and 'failed' (the
// server refused it: sent again only when the user asks).

import { api } from './api.js';

// While the stream is up but sends still fail transiently (503 while the server's write queue
// is full), retries back off from RETRY_BASE_MS up to RETRY_MAX_MS.
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 30_000;

export class Outbox {
  #store;
  #sending = false;
  #retryTimer = null;
  #failures = 0;

  constructor(store) {
    this.#store = store;
  }

  /** replyTo: the id of the message this one answers, or null. */
  send(conversationId, body, replyTo = null) {
    this.#store.queue({
      clientMsgId: crypto.randomUUID(),
      conversationId,
      body,
      replyTo,
      sentAt: new Date().toISOString(),
      state: 'pending',
      error: null,
    });
    this.#flush();
  }

  /** The user asked to send one again (or everything waiting, when no id is given). */
  retry(clientMsgId = null) {
    for (const item of this.#store.outbox) {
      if (item.clientMsgId === clientMsgId || (clientMsgId == null && item.state === 'waiting')) {
        this.#store.updateQueued(item.clientMsgId, { state: 'pending', error: null });
      }
    }
    this.#flush();
  }

  /** The connection is back: what waited for it goes out now. */
  resume() {
    clearTimeout(this.#retryTimer);
    this.retry();
  }

  async #flush() {
    if (this.#sending) return;
    this.#sending = true;
    try {
      for (;;) {
        // Failed ones are skipped; a waiting one holds back the rest to keep their order.
        const item = this.#store.outbox.find((queued) => queued.state !== 'failed');
        if (!item || item.state === 'waiting') return;
        try {
          this.#store.addMessage(await api.send(item.conversationId, item.body, item.clientMsgId, item.replyTo));
          this.#failures = 0;
        } catch (error) {
          if (!error.transient) {
            this.#store.updateQueued(item.clientMsgId, { state: 'failed', error: error.message });
            continue;
          }
          this.#store.updateQueued(item.clientMsgId, { state: 'waiting', error: error.message });
          this.#scheduleRetry(error.problem?.retryAfterSeconds);
          return;
        }
      }
    } finally {
      this.#sending = false;
    }
  }

  #scheduleRetry(retryAfterSeconds) {
    const backoff = Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** this.#failures++);
    const delay = retryAfterSeconds ? retryAfterSeconds * 1000 : backoff;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.retry(), delay);
  }
}
