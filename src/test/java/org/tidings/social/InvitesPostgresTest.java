package org.tidings.social;

import org.tidings.testing.PostgresServer;

@PostgresServer
class InvitesPostgresTest extends InvitesContract {}
