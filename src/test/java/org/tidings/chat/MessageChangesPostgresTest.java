package org.tidings.chat;

import org.tidings.testing.PostgresServer;

@PostgresServer
class MessageChangesPostgresTest extends MessageChangesContract {}
