package org.tidings.lab;

import org.tidings.testing.PostgresServer;

@PostgresServer
class LabPagePostgresTest extends LabPageContract {}
