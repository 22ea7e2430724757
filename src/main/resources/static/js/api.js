// The HTTP API (docs/api.md): fetch with the session cookie, the CSRF header copied from the
// XSRF-TOKEN cookie, and problem+json errors turned into ApiError with the server's stable code.

import { problemText, t } from './i18n.js';

/** The server answered with an error; `code` is the problem's stable code. */
export class ApiError extends Error {
  constructor(status, problem) {
    // The client's own words for a code it knows, in the reader's language; else the server's.
    super(problemText(problem.code, problem.detail ?? problem.title ?? `HTTP ${status}`, problem));
    this.status = status;
    this.code = problem.code ?? `http_${status}`;
    this.problem = problem;
  }

  /** Worth retrying unchanged later: the server was unavailable or asked us to slow down. */
  get transient() {
    return this.status >= 500 || this.status === 429;
  }
}

/** No answer at all: the server is down or the network is gone. Always worth retrying. */
export class NetworkError extends Error {
  get transient() {
    return true;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);
let unauthenticatedHandler = () => {};

/** Called when a request finds the session gone (401 unauthenticated). */
export function onUnauthenticated(handler) {
  unauthenticatedHandler = handler;
}

/** The CSRF token to echo in X-XSRF-TOKEN on POST, PATCH and DELETE (docs/api.md, CSRF). */
export function xsrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : null;
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return { detail: response.statusText };
  }
}

export async function request(method, path, body, { signal, csrfRetried = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = SAFE_METHODS.has(method) ? null : xsrfToken();
  if (token) headers['X-XSRF-TOKEN'] = token;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new NetworkError(t('problem.network', { reason: error.message }));
  }
  if (response.ok) {
    return response.status === 204 ? null : response.json();
  }
  const error = new ApiError(response.status, await problemOf(response));
  // XSRF-TOKEN lives for the browser session, the session cookie for 30 days: after a browser
  // restart any successful GET hands out a new token (docs/api.md, CSRF protection).
  if (error.code === 'csrf_invalid' && !csrfRetried) {
    await request('GET', '/api/me', undefined, { signal, csrfRetried: true });
    return request(method, path, body, { signal, csrfRetried: true });
  }
  if (error.code === 'unauthenticated') unauthenticatedHandler();
  throw error;
}

const get = (path, options) => request('GET', path, undefined, options);
const post = (path, body, options) => request('POST', path, body, options);
const del = (path) => request('DELETE', path);
const patch = (path, body) => request('PATCH', path, body);
const put = (path, body) => request('PUT', path, body);
const conversation = (id) => `/api/conversations/${encodeURIComponent(id)}`;
const message = (id, messageId) => `${conversation(id)}/messages/${encodeURIComponent(messageId)}`;

export const api = {
  me: () => get('/api/me'),
  register: (username, password, displayName, inviteCode) =>
    post('/api/auth/register', { username, password, displayName, inviteCode }),
  registration: () => get('/api/auth/registration'),
  login: (username, password) => post('/api/auth/login', { username, password }),
  logout: () => post('/api/auth/logout'),

  cursorNow: () => get('/api/events/cursor'),
  events: (after, wait, options) =>
    get(`/api/events?after=${encodeURIComponent(after)}&wait=${wait}`, options),

  conversations: () => get('/api/conversations'),
  conversation: (id) => get(conversation(id)),
  friends: () => get('/api/friends'),
  friendRequests: () => get('/api/friends/requests'),
  presence: () => get('/api/presence'),

  requestFriend: (username) => post('/api/friends/requests', { username }),
  acceptRequest: (id) => post(`/api/friends/requests/${id}/accept`),
  declineRequest: (id) => post(`/api/friends/requests/${id}/decline`),
  cancelRequest: (id) => del(`/api/friends/requests/${id}`),

  createGroup: (name, members) => post('/api/groups', { name, members }),
  addMember: (groupId, username) => post(`/api/groups/${groupId}/members`, { username }),
  removeMember: (groupId, userId) => del(`/api/groups/${groupId}/members/${userId}`),
  leaveGroup: (groupId) => post(`/api/groups/${groupId}/leave`),
  deleteGroup: (groupId) => del(`/api/groups/${groupId}`),

  history: (id, before) =>
    get(`${conversation(id)}/messages${before ? `?before=${encodeURIComponent(before)}` : ''}`),
  /** A page centred on the message with this seq (jumping to a reply's original). */
  historyAround: (id, seq) => get(`${conversation(id)}/messages?around=${encodeURIComponent(seq)}`),
  send: (id, body, clientMsgId, replyTo) =>
    post(`${conversation(id)}/messages`, { body, clientMsgId, ...(replyTo != null && { replyTo }) }),
  edit: (id, messageId, body) => patch(message(id, messageId), { body }),
  deleteMessage: (id, messageId) => del(message(id, messageId)),
  versions: (id, messageId) => get(`${message(id, messageId)}/versions`),
  report: (id, messageId, reason) => post(`${message(id, messageId)}/reports`, { reason }),
  react: (id, messageId, emoji) => put(`${message(id, messageId)}/reactions/${encodeURIComponent(emoji)}`),
  unreact: (id, messageId, emoji) => del(`${message(id, messageId)}/reactions/${encodeURIComponent(emoji)}`),
  reads: (id) => get(`${conversation(id)}/reads`),
  updateMe: (changes) => patch('/api/me', changes),
  markRead: (id, seq) => post(`${conversation(id)}/read`, { seq }),
  setNotifications: (id, notifications) => put(`${conversation(id)}/notifications`, { notifications }),
  typing: (id) => post(`${conversation(id)}/typing`),

  /** Messages matching q, newest first; cursor is the previous page's nextCursor (docs/api.md, Search). */
  search: (q, cursor) =>
    get(`/api/search?q=${encodeURIComponent(q)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),

  exportConversation: (id, format) => post('/api/jobs', { type: 'export', conversationId: id, format }),
  job: (id) => get(`/api/jobs/${encodeURIComponent(id)}`),
};
