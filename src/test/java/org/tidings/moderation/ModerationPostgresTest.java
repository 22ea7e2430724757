package org.tidings.moderation;

import org.tidings.testing.PostgresServer;

@PostgresServer
class ModerationPostgresTest extends ModerationContract {}
