package org.tidings.search;

import org.tidings.testing.SqliteServer;

@SqliteServer
class SearchSqliteTest extends SearchContract {}
