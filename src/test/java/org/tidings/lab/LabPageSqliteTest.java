package org.tidings.lab;

import org.tidings.testing.SqliteServer;

@SqliteServer
class LabPageSqliteTest extends LabPageContract {}
