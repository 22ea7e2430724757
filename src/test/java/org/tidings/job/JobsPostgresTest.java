package org.tidings.job;

import org.tidings.testing.PostgresServer;

@PostgresServer
class JobsPostgresTest extends JobsContract {}
