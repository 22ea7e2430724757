package org.tidings.retention;

import org.tidings.testing.SqliteServer;

@SqliteServer
class RetentionSqliteTest extends RetentionContract {}
