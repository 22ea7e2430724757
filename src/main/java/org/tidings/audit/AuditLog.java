package org.tidings.audit;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Appends to and reads the audit log. */
@Component
public class AuditLog {

    /** One action, as it is recorded. {@code targetId} is null for server-wide settings. */
    public record Action(long actorId, String action, String targetType, Long targetId, String reason) {}

    /** One recorded action, as administrators read it. */
    public record Entry(
            long id, Actor actor, String action, String targetType, Long targetId, String reason, Instant at) {}

    public record Actor(long id, String username) {}

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records with its own statement, after an action that committed on its own. */
    public void record(Action action) {
        record(jdbc, action);
    }

    /**
     * Records inside the caller's transaction (pass its JdbcClient), so the action and its entry
     * commit together or not at all.
     */
    public void record(JdbcClient db, Action action) {
        db.sql("""
                        INSERT INTO audit_log (actor_id, action, target_type, target_id, reason, created_at)
                        VALUES (?, ?, ?, ?, ?, ?)""")
                .params(
                        action.actorId(),
                        action.action(),
                        action.targetType(),
                        action.targetId(),
                        action.reason(),
                        System.currentTimeMillis())
                .update();
    }

    /** Newest first, entries with an id below {@code beforeId} (0: from the newest). */
    List<Entry> page(long beforeId, int limit) {
        return jdbc.sql(SELECT + (beforeId > 0 ? " WHERE a.id < ?" : " WHERE ? = 0") + " ORDER BY a.id DESC LIMIT ?")
                .params(beforeId, limit)
                .query((rs, n) -> entry(rs))
                .list();
    }

    /** Every entry, oldest first, one at a time (the export streams them). */
    void each(Consumer<Entry> into) {
        jdbc.sql(SELECT + " ORDER BY a.id").query(rs -> {
            into.accept(entry(rs));
        });
    }

    private static final String SELECT = """
            SELECT a.id, a.actor_id, u.username, a.action, a.target_type, a.target_id, a.reason, a.created_at
            FROM audit_log a JOIN users u ON u.id = a.actor_id""";

    private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        long targetId = rs.getLong(6);
        Long target = rs.wasNull() ? null : targetId;
        return new Entry(
                rs.getLong(1),
                new Actor(rs.getLong(2), rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                target,
                rs.getString(7),
                Instant.ofEpochMilli(rs.getLong(8)));
    }
}
