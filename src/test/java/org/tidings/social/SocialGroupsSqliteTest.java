package org.tidings.social;

import org.tidings.testing.SqliteServer;

@SqliteServer
class SocialGroupsSqliteTest extends SocialGroupsContract {}
