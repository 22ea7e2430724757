package org.tidings.chat;

import org.tidings.testing.PostgresServer;

@PostgresServer
class SendBatchPostgresTest extends SendBatchContract {}
