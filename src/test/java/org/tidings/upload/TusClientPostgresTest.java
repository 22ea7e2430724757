package org.tidings.upload;

import org.tidings.testing.PostgresServer;

@PostgresServer
class TusClientPostgresTest extends TusClientContract {}
