// The administrators' API (docs/api.md, Administration): kept apart from api.js, which every
// person's client uses, since only the administrators' pages (views/admin/) call these.

import { request } from './api.js';

const id = (value) => encodeURIComponent(value);
const user = (userId) => `/api/admin/users/${id(userId)}`;

// Pages of the queue and of the log: enough to fill a screen, small enough to load at once.
const REPORTS_PAGE = 20;
const AUDIT_PAGE = 50;

export const adminApi = {
  users: (query) => request('GET', `/api/admin/users?q=${encodeURIComponent(query)}`),
  grantAdmin: (userId) => request('PUT', `${user(userId)}/admin`),
  revokeAdmin: (userId) => request('DELETE', `${user(userId)}/admin`),
  deactivate: (userId) => request('POST', `${user(userId)}/deactivate`, {}),
  reactivate: (userId) => request('POST', `${user(userId)}/reactivate`),
  erase: (userId) => request('POST', `${user(userId)}/erase`, {}),

  registration: () => request('GET', '/api/admin/settings/registration'),
  setRegistration: (policy) => request('PUT', '/api/admin/settings/registration', { policy }),
  invites: () => request('GET', '/api/admin/invites'),
  createInvite: (expiresInHours, maxUses) => request('POST', '/api/admin/invites', { expiresInHours, maxUses }),
  deleteInvite: (inviteId) => request('DELETE', `/api/admin/invites/${id(inviteId)}`),

  reports: (state, before) =>
    request('GET', `/api/admin/reports?state=${id(state)}&limit=${REPORTS_PAGE}${before ? `&before=${id(before)}` : ''}`),
  resolve: (reportId, action, reason) =>
    request('POST', `/api/admin/reports/${id(reportId)}/resolve`, { action, ...(reason && { reason }) }),

  audit: (before) => request('GET', `/api/admin/audit?limit=${AUDIT_PAGE}${before ? `&before=${id(before)}` : ''}`),
  auditCsvUrl: '/api/admin/audit.csv',

  server: () => request('GET', '/api/admin/server'),
  backups: () => request('GET', '/api/admin/backups'),
  startBackup: () => request('POST', '/api/admin/backups', {}),
  backupUrl: (name) => `/api/admin/backups/${id(name)}`,
};
