// Wires the client together: the store, the views, and the session that talks to the server.

import { api, onUnauthenticated } from './api.js';
import { $on, qs, show } from './dom.js';
import { Session } from './session.js';
import { Store } from './store.js';
import { showRegistrationPolicy } from './views/adminSignup.js';
import { AuthView } from './views/auth.js';
import { ChatView } from './views/chat.js';
import { AdminView } from './views/admin.js';
import { ConfirmDialog, GroupDialog, MembersDialog, ReportDialog, reportProblem, VersionsDialog } from './views/dialogs.js';
import { SearchView } from './views/search.js';
import { Sidebar } from './views/sidebar.js';
import { InviteLinks, inviteProblem, roomsApi } from './rooms.js';
import { InviteDialog, InvitePreview, showPendingInvite } from './views/invites.js';
import { RoomBrowser, RoomSettings } from './views/rooms.js';
import { StatusView } from './views/status.js';
import { TransfersView } from './views/transfers.js';
import { ProfileDialog } from './views/profile.js';
import { knowAvatar } from './avatars.js';
import { addLanguagePickers } from './views/language.js';
import { t, translatePage } from './i18n.js';

// The static page's words first, in the reader's language (docs/client.md, Languages).
translatePage();
addLanguagePickers();

const auth = new AuthView();
const sidebar = new Sidebar();
const chat = new ChatView();
const status = new StatusView();
const groupDialog = new GroupDialog();
const membersDialog = new MembersDialog();
const transfers = new TransfersView();
const confirmDialog = new ConfirmDialog();
const versionsDialog = new VersionsDialog();
const roomBrowser = new RoomBrowser(roomsApi);
const inviteDialog = new InviteDialog(roomsApi);
const roomSettings = new RoomSettings(roomsApi, {
  openInvites: (groupId) => inviteDialog.open(groupId),
  flash: (text) => status.flash(text),
});
const invitePreview = new InvitePreview(roomsApi, { describeProblem: inviteProblem, onJoined: joined });
const inviteLinks = new InviteLinks({
  onPreview: (token) => invitePreview.open(token),
  onAccept: (token) =>
    roomsApi.acceptInvite(token).then(joined, (error) => status.flash(t('invite.couldNotJoin', { reason: inviteProblem(error) }))),
  onWaiting: () => showPendingInvite(true),
});
const reportDialog = new ReportDialog();
const admin = new AdminView();
const search = new SearchView();

let store = null;
let session = null;

function render(current) {
  if (current !== store) return;
  sidebar.render(current);
  chat.render(current);
  transfers.render(current);
  status.render(current);
  membersDialog.render(current);
  roomSettings.render(current);
  admin.render(current);
}

/** A group joined from the room directory or an invite: list it and open it. */
function joined(details) {
  store.upsertConversation(details);
  session.open(details.id);
}

const profileDialog = new ProfileDialog(
  () => store.me,
  (me) => store.set({ me: { ...store.me, ...me } }),
);
$on(qs('#profile-open'), 'click', () => profileDialog.open());

async function signedIn(me) {
  session?.end();
  store = new Store();
  store.subscribe(render);
  session = new Session(store, {
    onSignedOut: signedOut,
    onJob: (job) => {
      transfers.jobChanged(job);
      admin.jobChanged(job);
    },
  });
  knowAvatar(me.id, me.avatarVersion);
  show(qs('#loading'), false);
  auth.show(false);
  show(qs('#app'), true);
  showPendingInvite(false);
  await session.start(me);
  inviteLinks.signedIn();
}

function signedOut() {
  session?.end();
  session = null;
  store = null;
  chat.reset();
  search.reset();
  transfers.reset();
  admin.reset();
  show(qs('#loading'), false);
  show(qs('#app'), false);
  auth.reset();
  auth.show(true);
  showRegistrationPolicy(api.registration);
  inviteLinks.signedOut();
  showPendingInvite(Boolean(inviteLinks.pending));
  document.title = t('app.name');
}

// The login's answer is the public user view; /api/me adds the settings and the admin role.
async function logIn(username, password) {
  await api.login(username, password);
  await signedIn(await api.me());
}

auth.bindSignIn(({ username, password }) => logIn(username, password));
auth.bindSignUp(async ({ username, displayName, password, inviteCode }) => {
  await api.register(username, password, displayName, inviteCode || undefined);
  await logIn(username, password);
});

sidebar.bindOpen((id) => session.open(id));
sidebar.bindTab((tab) => session.selectTab(tab));
sidebar.bindSignOut(async () => {
  await api.logout().catch(() => {});
  signedOut();
});
sidebar.bindNotifications(() => session.toggleNotifications());
sidebar.bindReadReceipts(() => session.toggleReadReceipts().catch((error) => status.flash(t('flash.receipts', { reason: error.message }))));
sidebar.bindFriendRequest((username) => session.requestFriend(username));
sidebar.bindRequestAction((id, action) => session.answerRequest(id, action));
sidebar.bindNewGroup(() => groupDialog.open(store));

search.bindOpen(async (id, seq) => {
  try {
    await session.openAt(id, seq);
    chat.highlight(seq);
  } catch (error) {
    status.flash(t('flash.show', { reason: error.message }));
  }
});

chat.bindSend((id, body, replyTo) => session.send(id, body, replyTo));
chat.bindMessageActions({
  edit: (message, body) => session.edit(message, body).catch((error) => status.flash(t('flash.edit', { reason: error.message }))),
  delete: async (message, deleted) => {
    if (!(await confirmDialog.ask())) return;
    try {
      await session.deleteMessage(message);
      deleted();
    } catch (error) {
      status.flash(t('flash.delete', { reason: error.message }));
    }
  },
  react: (message, emoji, add) => session.react(message, emoji, add).catch((error) => status.flash(t('flash.react', { reason: error.message }))),
  jump: async (id, seq) => {
    try {
      await session.jump(id, seq);
      chat.highlight(seq);
    } catch (error) {
      status.flash(t('flash.show', { reason: error.message }));
    }
  },
  latest: (id) => session.latest(id),
  versions: (message) => versionsDialog.open(() => session.versions(message)),
  report: async (message) => {
    const reason = await reportDialog.ask(message);
    if (!reason) return;
    try {
      await api.report(message.conversationId, message.id, reason);
      status.flash(t('report.done'), { ok: true });
    } catch (error) {
      status.flash(reportProblem(error));
    }
  },
});
chat.bindTyping((id) => session.typing(id));
chat.bindLoadOlder((id, retry) => session.loadOlder(id, retry));
chat.bindRetry((clientMsgId) => session.retry(clientMsgId));
chat.bindRead((id) => session.markRead(id));
chat.bindBack(() => {
  const id = store.openId;
  session.close();
  // After the render the close schedules (a microtask too), when the lists are visible again.
  queueMicrotask(() => qs(`button.conversation[data-id="${id}"]`)?.focus());
});
chat.bindNotifications((id, level) => session.setNotifications(id, level).catch((error) => status.flash(t('flash.notifications', { reason: error.message }))));
chat.bindMembers(() => {
  membersDialog.open(store.openId);
  render(store);
});

admin.bindOpen(() => session.close());
// Someone took the role away (or the person stepped down): GET /api/me says so, the entry goes.
admin.bindLostAdmin(async () => store?.set({ me: await api.me() }));

groupDialog.bindCreate((name, usernames) => session.createGroup(name, usernames));
membersDialog.bind({
  add: (groupId, username) => session.addMember(groupId, username),
  remove: (groupId, userId) => session.removeMember(groupId, userId),
  leave: (groupId) => session.leaveGroup(groupId),
  delete: (groupId) => session.deleteGroup(groupId),
});

roomBrowser.bind({
  joined,
  open: (id) => session.open(id),
  leave: (id) => session.leaveGroup(id),
});

onUnauthenticated(() => {
  if (session) signedOut();
});

// Retry on the page's first request as well: the server may be restarting.
const RETRY_START_MS = 3_000;

async function boot() {
  try {
    await signedIn(await api.me());
  } catch (error) {
    if (!error.transient) {
      signedOut();
      return;
    }
    qs('#loading').textContent = t('page.unreachable');
    setTimeout(boot, RETRY_START_MS);
  }
}

boot();
