package org.tidings.stream;

import org.tidings.testing.PostgresServer;

@PostgresServer
class ExactlyOncePostgresTest extends ExactlyOnceContract {}
