package org.tidings.stream;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tidings.web.ApiException;

/** Reads a user's persisted events after a cursor from the database: the catch-up path. */
@Component
class StreamReader {

    private final JdbcClient jdbc;
    private final EventLog log;
    private final Hub hub;

    StreamReader(JdbcClient jdbc, EventLog log, Hub hub) {
        this.jdbc = jdbc;
        this.log = log;
        this.hub = hub;
    }

    /**
     * The position to read after, when it can be told without the database: no cursor (now), or
     * a cursor at this node's live position or among the events it keeps in memory, the usual
     * case for a client that polls again. That cursor is not ahead (the hub only publishes what
     * is committed) and not pruned (pruning makes the hub forget what it keeps). Null when the
     * database must tell.
     */
    Long resolveLive(String cursorText) {
        if (cursorText == null || cursorText.isEmpty()) {
            return hub.position();
        }
        Cursor cursor = checkedEpoch(cursorText);
        long position = cursor.position();
        return position <= hub.position() && position >= hub.recentFloor() ? position : null;
    }

    /** The position to read after: validated against this database's epoch and retention. */
    long resolve(String cursorText) {
        if (cursorText == null || cursorText.isEmpty()) {
            return hub.position();
        }
        Cursor cursor = checkedEpoch(cursorText);
        Head head = head();
        if (cursor.position() < head.floor()) {
            throw expired("Events after this cursor were pruned");
        }
        if (cursor.position() > head.position()) {
            throw expired("This cursor is ahead of the server");
        }
        return cursor.position();
    }

    private Cursor checkedEpoch(String cursorText) {
        Cursor cursor = Cursor.parse(cursorText);
        if (!cursor.epoch().equals(log.epoch())) {
            throw expired("This cursor belongs to another database");
        }
        return cursor;
    }

    String cursor(long position) {
        return new Cursor(log.epoch(), position).encode();
    }

    /** Up to {@code limit} events of the user with after < position <= upTo, in order. */
    List<Frame> read(long userId, long after, long upTo, int limit) {
        if (upTo <= after) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT position, type, payload FROM (
                            SELECT position, type, payload FROM stream_events
                            WHERE user_id = :user AND position > :after AND position <= :upTo
                            UNION ALL
                            SELECT e.position, e.type, e.payload
                            FROM stream_subscriptions s
                            JOIN stream_events e ON e.conversation_id = s.conversation_id
                            WHERE s.user_id = :user
                              AND e.position > :after AND e.position <= :upTo
                              AND e.position >= s.from_position
                              AND (s.to_position IS NULL OR e.position <= s.to_position)
                        ) visible
                        ORDER BY position
                        LIMIT :limit""")
                .param("user", userId)
                .param("after", after)
                .param("upTo", upTo)
                .param("limit", limit)
                .query((rs, n) -> {
                    long position = rs.getLong(1);
                    return EventJson.persisted(cursor(position), position, rs.getString(2), rs.getString(3));
                })
                .list();
    }

    private record Head(long position, long floor) {}

    private Head head() {
        return jdbc.sql("SELECT position, floor_position FROM stream_head WHERE id = 1")
                .query((rs, n) -> new Head(rs.getLong(1), rs.getLong(2)))
                .single();
    }

    private static ApiException expired(String detail) {
        return new ApiException(
                HttpStatus.GONE, "cursor_expired", detail + "; reload the conversation list and start from now");
    }
}
