package org.tidings.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.tidings.testing.SqliteServer;

@SqliteServer
class IndexUseSqliteTest extends IndexUseContract {

    @Override
    List<String> plan(Connection connection, String sql) throws SQLException {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
            // Columns: id, parent, unused, detail ("SEARCH messages USING INDEX ...").
            return lines(explain, sql, 4);
        }
    }
}
