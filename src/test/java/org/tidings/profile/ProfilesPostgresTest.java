package org.tidings.profile;

import org.tidings.testing.PostgresServer;

@PostgresServer
class ProfilesPostgresTest extends ProfilesContract {}
