package org.tidings.social;

import org.tidings.testing.SqliteServer;

@SqliteServer
class RoomsSqliteTest extends RoomsContract {}
