package org.tidings.job;

import org.tidings.testing.SqliteServer;

@SqliteServer
class JobsSqliteTest extends JobsContract {}
