// The transport lab: one user's stream over four transports at once, with per-transport latency,
// bytes and requests. No framework; user text only ever goes in with textContent.
'use strict';

(() => {
  const LAB_GROUP = 'Transport lab';
  const SHORT_POLL_MS = 1000;
  const LONG_POLL_WAIT_S = 25;
  const MAX_EVENT_ROWS = 60;
  const encoder = new TextEncoder();
  const qs = (selector) => document.querySelector(selector);

  // ---- HTTP: JSON, the CSRF header on changes, problem+json as errors ----

  function cookie(name) {
    const match = document.cookie.split('; ').find((c) => c.startsWith(name + '='));
    return match ? decodeURIComponent(match.slice(name.length + 1)) : null;
  }

  async function api(method, path, body) {
    const headers = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const xsrf = cookie('XSRF-TOKEN');
    if (method !== 'GET' && xsrf) headers['X-XSRF-TOKEN'] = xsrf;
    const response = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const data = text ? JSON.parse(text) : null;
    if (!response.ok) {
      const error = new Error((data && (data.detail || data.code)) || response.statusText);
      error.status = response.status;
      error.code = data && data.code;
      throw error;
    }
    return data;
  }

  // ---- Per-transport figures ----

  class Meter {
    constructor(name) {
      this.name = name;
      this.state = 'starting';
      this.events = 0;
      this.labMessages = 0;
      this.latencies = [];
      this.bytes = 0;
      this.requests = 0;
      this.row = document.createElement('tr');
      qs('#transports tbody').append(this.row);
      this.render();
    }

    event(json, bytes) {
      this.events += 1;
      let latency = null;
      try {
        const event = JSON.parse(json);
        const body = event.type === 'message.created' && event.data && event.data.body;
        const match = typeof body === 'string' && /^lab (\d+) /.exec(body);
        if (match) {
          latency = Date.now() - Number(match[1]);
          this.labMessages += 1;
          this.latencies.push(latency);
        }
        logEvent(this.name, event.type, latency, bytes);
      } catch (ignored) {
        logEvent(this.name, '(not JSON)', null, bytes);
      }
      this.render();
    }

    set(state) {
      this.state = state;
      this.render();
    }

    render() {
      const sorted = [...this.latencies].sort((a, b) => a - b);
      const median = sorted.length ? sorted[Math.floor(sorted.length / 2)] : '';
      const cells = [this.name, this.state, this.events, this.labMessages,
        this.latencies.length ? this.latencies[this.latencies.length - 1] : '', median,
        sorted.length ? sorted[sorted.length - 1] : '', this.bytes, this.requests];
      this.row.replaceChildren(...cells.map((value, i) => {
        const td = document.createElement('td');
        td.textContent = String(value);
        if (i === 1) td.className = 'state-' + this.state;
        return td;
      }));
    }
  }

  function logEvent(transport, type, latency, bytes) {
    const tbody = qs('#events tbody');
    const tr = document.createElement('tr');
    for (const value of [new Date().toLocaleTimeString(), transport, type, latency ?? '', bytes]) {
      const td = document.createElement('td');
      td.textContent = String(value);
      tr.append(td);
    }
    tbody.prepend(tr);
    while (tbody.children.length > MAX_EVENT_ROWS) tbody.lastChild.remove();
  }

  // ---- The four transports, all from the same cursor ----

  function followWebSocket(cursor, meter) {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/api/events/ws?after=${encodeURIComponent(cursor)}`);
    meter.requests = 1;
    socket.onopen = () => meter.set('open');
    socket.onmessage = (message) => {
      const length = encoder.encode(message.data).length;
      // Server frames are unmasked: 2 header bytes, 4 from 126 bytes of payload, 10 from 64 KiB.
      const header = length < 126 ? 2 : length < 65536 ? 4 : 10;
      meter.bytes += length + header;
      meter.event(message.data, length + header);
    };
    socket.onclose = (close) => meter.set(`closed ${close.code}`);
    socket.onerror = () => meter.set('error');
  }

  function followSse(cursor, meter) {
    const source = new EventSource(`/api/events/stream?after=${encodeURIComponent(cursor)}`);
    meter.requests = 1;
    source.onopen = () => meter.set('open');
    source.onmessage = (message) => {
      const lines = (message.lastEventId ? `id: ${message.lastEventId}\n` : '') + `data: ${message.data}\n\n`;
      const bytes = encoder.encode(lines).length;
      meter.bytes += bytes;
      meter.event(message.data, bytes);
    };
    source.onerror = () => {
      meter.set(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
      if (source.readyState === EventSource.CLOSED) return;
      meter.requests += 1;
    };
  }

  async function poll(cursor, wait, meter) {
    const url = `/api/events?after=${encodeURIComponent(cursor)}` + (wait ? `&wait=${wait}` : '');
    meter.requests += 1;
    const batch = await api('GET', url);
    const timing = performance.getEntriesByName(new URL(url, location.href).href).pop();
    const responseBytes = timing ? timing.transferSize || timing.encodedBodySize : 0;
    meter.bytes += responseBytes;
    for (const event of batch.events) meter.event(JSON.stringify(event), Math.round(responseBytes / batch.events.length));
    meter.render();
    return batch.cursor;
  }

  async function followPolls(cursor, meter, wait, pause) {
    meter.set('open');
    let next = cursor;
    for (;;) {
      try {
        next = await poll(next, wait, meter);
        performance.clearResourceTimings();
        if (pause) await new Promise((resolve) => setTimeout(resolve, pause));
      } catch (error) {
        meter.set(`error ${error.status || ''}`.trim());
        return;
      }
    }
  }

  // ---- The burst: messages to a group of one's own ----

  async function labGroup() {
    const conversations = await api('GET', '/api/conversations');
    const mine = conversations.find((c) => c.kind === 'group' && c.title === LAB_GROUP && c.memberCount === 1);
    return mine ? mine.id : (await api('POST', '/api/groups', { name: LAB_GROUP })).id;
  }

  async function burst(count, gap) {
    const status = qs('#burst-status');
    status.textContent = 'preparing…';
    const conversationId = await labGroup();
    const sends = [];
    for (let i = 0; i < count; i += 1) {
      const body = `lab ${Date.now()} ${i + 1}/${count}`;
      sends.push(api('POST', `/api/conversations/${conversationId}/messages`, { body, clientMsgId: uuid() }));
      status.textContent = `sent ${i + 1} of ${count}`;
      if (gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
    }
    await Promise.all(sends);
    status.textContent = `${count} messages committed`;
  }

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  // ---- Wiring ----

  async function start(me) {
    qs('#signin').hidden = true;
    qs('#lab').hidden = false;
    qs('#me').textContent = `${me.displayName} (@${me.username})`;
    const { cursor } = await api('GET', '/api/events/cursor');
    followWebSocket(cursor, new Meter('WebSocket'));
    followSse(cursor, new Meter('SSE'));
    followPolls(cursor, new Meter('long poll'), LONG_POLL_WAIT_S, 0);
    followPolls(cursor, new Meter('short poll'), 0, SHORT_POLL_MS);
  }

  function showSignIn() {
    qs('#lab').hidden = true;
    qs('#signin').hidden = false;
  }

  async function signIn(register) {
    const form = qs('#signin-form');
    const username = form.username.value.trim();
    const password = form.password.value;
    qs('#signin-error').textContent = '';
    try {
      if (register) await api('POST', '/api/auth/register', { username, password, displayName: username });
      await api('POST', '/api/auth/login', { username, password });
      start(await api('GET', '/api/me'));
    } catch (error) {
      qs('#signin-error').textContent = error.message;
    }
  }

  qs('#signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn(false);
  });
  qs('#register').addEventListener('click', () => {
    if (qs('#signin-form').reportValidity()) signIn(true);
  });
  qs('#signout').addEventListener('click', async () => {
    await api('POST', '/api/auth/logout');
    location.reload();
  });
  qs('#burst-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    burst(Number(form.count.value), Number(form.gap.value)).catch((error) => {
      qs('#burst-status').textContent = `failed: ${error.message}`;
    });
  });

  api('GET', '/api/me').then(start, showSignIn);
})();
