package org.tidings.account;

import org.tidings.testing.SqliteServer;

@SqliteServer
class AccountApiSqliteTest extends AccountApiContract {}
