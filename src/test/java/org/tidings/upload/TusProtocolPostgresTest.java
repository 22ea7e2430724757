package org.tidings.upload;

import org.tidings.testing.PostgresServer;

@PostgresServer
class TusProtocolPostgresTest extends TusProtocolContract {}
