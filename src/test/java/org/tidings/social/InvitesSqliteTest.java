package org.tidings.social;

import org.tidings.testing.SqliteServer;

@SqliteServer
class InvitesSqliteTest extends InvitesContract {}
