package org.tidings.account;

import org.tidings.testing.PostgresServer;

@PostgresServer
class AdminApiPostgresTest extends AdminApiContract {}
