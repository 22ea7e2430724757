package org.tidings.account;

import org.tidings.testing.SqliteServer;

@SqliteServer
class AdminApiSqliteTest extends AdminApiContract {}
