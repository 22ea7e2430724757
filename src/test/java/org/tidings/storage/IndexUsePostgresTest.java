package org.tidings.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.tidings.testing.PostgresServer;

@PostgresServer
class IndexUsePostgresTest extends IndexUseContract {

    @Override
    List<String> plan(Connection connection, String sql) throws SQLException {
        run(connection, "SET enable_seqscan = off");
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
            return lines(explain, sql, 1);
        } finally {
            run(connection, "RESET enable_seqscan");
        }
    }
}
