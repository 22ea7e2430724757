package org.tidings.stream;

import org.tidings.testing.PostgresServer;

@PostgresServer
class StreamTransportPostgresTest extends StreamTransportContract {}
