package org.tidings.stream;

import org.tidings.testing.PostgresServer;

@PostgresServer
class WriterFallbackPostgresTest extends WriterFallbackContract {}
