package org.tidings.upload;

import org.tidings.testing.SqliteServer;

@SqliteServer
class FilesSqliteTest extends FilesContract {}
