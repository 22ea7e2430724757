package org.tidings.stream;

import org.tidings.testing.SqliteServer;

@SqliteServer
class WriterFallbackSqliteTest extends WriterFallbackContract {}
