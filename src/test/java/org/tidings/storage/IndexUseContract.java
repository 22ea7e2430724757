package org.tidings.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The queries on columns whose indexes leave out NULLs (V51: a send's message usually replies to
 * nothing and has no attachment, its event has no user) still find their rows through the index,
 * not by reading the whole table. The plan is asked with sequential scans discouraged, so a tiny
 * test table does not hide an index the planner cannot use.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class IndexUseContract {

    @Autowired
    DataSource dataSource;

    /** The lines of the plan of {@code sql}, run with every parameter bound to 1. */
    abstract List<String> plan(Connection connection, String sql) throws SQLException;

    @Test
    void repliesAreFoundThroughTheirIndex() throws SQLException {
        assertThat(plan("SELECT id FROM messages WHERE reply_to_id = ?"))
                .anyMatch(line -> line.contains("messages_reply_to"));
    }

    @Test
    void messagesWithAFileAreFoundThroughTheirIndex() throws SQLException {
        assertThat(plan("SELECT COUNT(*) FROM messages WHERE attachment_id = ?"))
                .anyMatch(line -> line.contains("messages_attachment"));
    }

    @Test
    void aUsersOwnEventsAreFoundThroughTheirIndex() throws SQLException {
        assertThat(plan("SELECT position, type, payload FROM stream_events"
                        + " WHERE user_id = ? AND position > ? AND position <= ?"))
                .anyMatch(line -> line.contains("stream_events_user"));
    }

    private List<String> plan(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return plan(connection, sql);
        }
    }

    static List<String> lines(PreparedStatement explain, String sql, int column) throws SQLException {
        for (int i = 1; i <= sql.chars().filter(c -> c == '?').count(); i++) {
            explain.setLong(i, 1);
        }
        List<String> lines = new ArrayList<>();
        try (ResultSet rows = explain.executeQuery()) {
            while (rows.next()) {
                lines.add(rows.getString(column));
            }
        }
        return lines;
    }

    static void run(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
