package org.tidings.upload;

import org.tidings.testing.SqliteServer;

@SqliteServer
class UploadLimitsSqliteTest extends UploadLimitsContract {}
