package org.tidings.retention;

import org.tidings.testing.PostgresServer;

@PostgresServer
class RetentionPostgresTest extends RetentionContract {}
