package org.tidings.moderation;

import org.tidings.testing.SqliteServer;

@SqliteServer
class ModerationSqliteTest extends ModerationContract {}
