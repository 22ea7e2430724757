package org.tidings.stream;

import org.tidings.testing.SqliteServer;

@SqliteServer
class ExactlyOnceSqliteTest extends ExactlyOnceContract {}
