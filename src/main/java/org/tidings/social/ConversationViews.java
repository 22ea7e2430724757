package org.tidings.social;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads conversations as one member sees them. Every method takes the JdbcClient to read with:
 * the pool's for requests, the writer's inside a write, so an event built in a write shows the
 * state that write is committing.
 *
 * <p>Names come from joining the account feature's {@code users} table (its id, username and
 * display name only, read-only): one query per list instead of a lookup per row, and it works
 * inside the writer's transaction, where only that transaction's connection may be used.
 */
final class ConversationViews {

    private ConversationViews() {}

    private static final String SUMMARY = """
            SELECT c.id, c.kind, c.name, c.description, c.last_seq, c.last_message_at, c.last_message_preview,
                   c.last_activity_at, c.created_at, c.visibility, m.role, m.read_seq, m.notifications,
                   (SELECT COUNT(*) FROM conversation_members n WHERE n.conversation_id = c.id) AS member_count,
                   (SELECT COUNT(*) FROM conversation_mentions x
                    WHERE x.user_id = m.user_id AND x.conversation_id = c.id AND x.seq > m.read_seq)
                       AS unread_mentions,
                   u.id AS other_id, u.username AS other_username, u.display_name AS other_display_name,
                   u.deactivated_at AS other_deactivated_at,
                   f.friend_id AS friend_id,
                   CASE WHEN m.joined_at > c.last_activity_at THEN m.joined_at ELSE c.last_activity_at END
                       AS activity
            FROM conversation_members m
            JOIN conversations c ON c.id = m.conversation_id AND c.deleted_at IS NULL
            LEFT JOIN conversation_members o
                ON c.kind = 'direct' AND o.conversation_id = c.id AND o.user_id <> m.user_id
            LEFT JOIN users u ON u.id = o.user_id
            LEFT JOIN friendships f ON f.user_id = m.user_id AND f.friend_id = o.user_id
            WHERE m.user_id = :user""";

    /**
     * The user's conversations, latest activity first. Being added to a group counts as activity
     * for the one added, so a group you just joined is at the top of your list.
     */
    static List<ConversationSummary> list(JdbcClient jdbc, long userId) {
        return jdbc.sql(SUMMARY + " ORDER BY activity DESC, c.id DESC")
                .param("user", userId)
                .query(ConversationViews::summary)
                .list();
    }

    static Optional<ConversationSummary> find(JdbcClient jdbc, long userId, long conversationId) {
        return jdbc.sql(SUMMARY + " AND c.id = :conversation")
                .param("user", userId)
                .param("conversation", conversationId)
                .query(ConversationViews::summary)
                .optional();
    }

    static Optional<ConversationDetails> details(JdbcClient jdbc, long userId, long conversationId) {
        return find(jdbc, userId, conversationId)
                .map(summary -> new ConversationDetails(summary, members(jdbc, conversationId)));
    }

    static ConversationDetails requireDetails(JdbcClient jdbc, long userId, long conversationId) {
        return details(jdbc, userId, conversationId).orElseThrow(() -> SocialProblems.notFound("Conversation"));
    }

    /** Owner first, then admins, then members, each by username. */
    static List<MemberView> members(JdbcClient jdbc, long conversationId) {
        return jdbc.sql("""
                        SELECT %s
                        FROM conversation_members m JOIN users u ON u.id = m.user_id
                        WHERE m.conversation_id = ?
                        ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 ELSE 2 END, u.username""".formatted(MemberView.COLUMNS))
                .param(conversationId)
                .query(MemberView::read)
                .list();
    }

    private static ConversationSummary summary(ResultSet rs, int row) throws SQLException {
        boolean direct = "direct".equals(rs.getString("kind"));
        UserRef other = direct
                ? new UserRef(
                        rs.getLong("other_id"),
                        rs.getString("other_username"),
                        rs.getString("other_display_name"),
                        rs.getObject("other_deactivated_at") != null)
                : null;
        long lastSeq = rs.getLong("last_seq");
        long readSeq = rs.getLong("read_seq");
        rs.getLong("friend_id");
        boolean friends = !rs.wasNull();
        return new ConversationSummary(
                rs.getLong("id"),
                rs.getString("kind"),
                direct ? other.displayName() : rs.getString("name"),
                rs.getString("description"),
                rs.getString("role"),
                rs.getInt("member_count"),
                lastSeq,
                readSeq,
                lastSeq - readSeq,
                rs.getLong("unread_mentions"),
                rs.getString("last_message_preview"),
                instant(rs, "last_message_at"),
                Instant.ofEpochMilli(rs.getLong("last_activity_at")),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                other,
                !direct || friends,
                rs.getString("notifications"),
                direct ? null : rs.getString("visibility"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
    }
}
