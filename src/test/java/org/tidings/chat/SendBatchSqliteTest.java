package org.tidings.chat;

import org.tidings.testing.SqliteServer;

@SqliteServer
class SendBatchSqliteTest extends SendBatchContract {}
