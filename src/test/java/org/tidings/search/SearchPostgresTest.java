package org.tidings.search;

import org.tidings.testing.PostgresServer;

@PostgresServer
class SearchPostgresTest extends SearchContract {}
