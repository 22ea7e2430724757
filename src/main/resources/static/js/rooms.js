// Public rooms and invite links (docs/client.md, "Rooms and invites"): their API calls, and
// following an invite link. Kept apart from api.js and app.js so the feature lives in one place.
//
// An invite link is /#/invite/{token}: the token sits in the fragment, which browsers never
// send to a server. A signed-out visitor keeps it (sessionStorage, this tab only) through
// sign-in or sign-up and joins right after; a signed-in one sees the group first and chooses.

import { request } from './api.js';
import { t } from './i18n.js';

const group = (id) => `/api/groups/${encodeURIComponent(id)}`;
const invite = (token) => `/api/invites/${encodeURIComponent(token)}`;

export const roomsApi = {
  /** One page of the public room directory: {rooms, nextCursor?}. */
  rooms: (q, cursor) => {
    const params = new URLSearchParams();
    if (q) params.set('q', q);
    if (cursor) params.set('cursor', cursor);
    return request('GET', `/api/rooms?${params}`);
  },
  room: (id) => request('GET', `/api/rooms/${encodeURIComponent(id)}`),
  join: (id) => request('POST', `/api/rooms/${encodeURIComponent(id)}/join`),
  setVisibility: (groupId, visibility) => request('PATCH', group(groupId), { visibility }),
  bans: (groupId) => request('GET', `${group(groupId)}/bans`),
  ban: (groupId, userId) => request('PUT', `${group(groupId)}/bans/${encodeURIComponent(userId)}`),
  liftBan: (groupId, userId) => request('DELETE', `${group(groupId)}/bans/${encodeURIComponent(userId)}`),

  createInvite: (groupId, options) => request('POST', `${group(groupId)}/invites`, options),
  invites: (groupId) => request('GET', `${group(groupId)}/invites`),
  revokeInvite: (groupId, inviteId) => request('DELETE', `${group(groupId)}/invites/${encodeURIComponent(inviteId)}`),
  previewInvite: (token) => request('GET', invite(token)),
  acceptInvite: (token) => request('POST', `${invite(token)}/accept`),
};

const PENDING_KEY = 'tidings.invite';
const INVITE_HASH = /^#\/invite\/([A-Za-z0-9_-]{16,128})$/;

/** Why an invite did not work, in words; for codes the server documents for invites. */
export function inviteProblem(error) {
  switch (error.code) {
    case 'invite_expired':
      return t('invite.expired');
    case 'not_found':
      return t('invite.unknown');
    case 'banned':
      return t('invite.banned');
    case 'group_full':
      return t('invite.full');
    default:
      return error.message;
  }
}

/**
 * Follows invite links. `onPreview(token)` is called for a signed-in person who opened a link
 * (to show the group and ask); `onAccept(token)` for one who just signed in or up with a link
 * pending (they already chose by following it through sign-in); `onWaiting()` when a link is
 * opened in a signed-out tab.
 */
export class InviteLinks {
  #signedIn = false;
  #throughSignIn = false;
  #onPreview;
  #onAccept;
  #onWaiting;

  constructor({ onPreview, onAccept, onWaiting }) {
    this.#onPreview = onPreview;
    this.#onAccept = onAccept;
    this.#onWaiting = onWaiting;
    this.#takeFromLocation();
    // A link opened in a tab already showing the client changes only the fragment.
    window.addEventListener('hashchange', () => {
      if (!this.#takeFromLocation()) return;
      if (this.#signedIn) this.#follow();
      else this.#onWaiting();
    });
  }

  /** The token waiting for sign-in, if any. */
  get pending() {
    return sessionStorage.getItem(PENDING_KEY);
  }

  signedOut() {
    this.#signedIn = false;
    this.#throughSignIn = true;
  }

  signedIn() {
    this.#signedIn = true;
    this.#follow();
  }

  #follow() {
    const token = this.pending;
    if (!token) return;
    sessionStorage.removeItem(PENDING_KEY);
    if (this.#throughSignIn) this.#onAccept(token);
    else this.#onPreview(token);
    this.#throughSignIn = false;
  }

  /** Moves a token from the address bar into this tab's storage, out of history and sight. */
  #takeFromLocation() {
    const match = INVITE_HASH.exec(window.location.hash);
    if (!match) return false;
    sessionStorage.setItem(PENDING_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return true;
  }
}
