package org.tidings.retention;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tidings.chat.ModeratorAccess;

/** Finds the messages past their conversation's retention (the group's own, else the server's). */
@Component
class ExpiredMessages {

    private final JdbcClient jdbc;

    ExpiredMessages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static Optional<Duration> server(JdbcClient jdbc) {
        return jdbc.sql("SELECT value FROM server_settings WHERE name = ?")
                .param(Retention.SERVER_SETTING)
                .query(String.class)
                .optional()
                .map(seconds -> Duration.ofSeconds(Long.parseLong(seconds)));
    }

    /** Up to {@code limit} messages past their retention at {@code now}, oldest first. */
    List<ModeratorAccess.Ref> at(long now, int limit) {
        // No server retention: the far past, so only groups' own limits apply.
        long serverCutoff =
                server(jdbc).map(retention -> now - retention.toMillis()).orElse(Long.MIN_VALUE);
        return jdbc.sql("""
                        SELECT m.conversation_id, m.id FROM messages m JOIN conversations c ON c.id = m.conversation_id
                        WHERE m.deleted_at IS NULL
                          AND (m.sent_at < ? OR (c.retention_seconds IS NOT NULL AND m.sent_at < ? - c.retention_seconds * 1000))
                        ORDER BY m.id LIMIT ?""")
                .params(serverCutoff, now, limit)
                .query((rs, n) -> new ModeratorAccess.Ref(rs.getLong(1), rs.getLong(2)))
                .list();
    }
}
