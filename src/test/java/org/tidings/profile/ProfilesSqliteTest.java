package org.tidings.profile;

import org.tidings.testing.SqliteServer;

@SqliteServer
class ProfilesSqliteTest extends ProfilesContract {}
