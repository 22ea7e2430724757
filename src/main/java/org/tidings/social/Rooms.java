package org.tidings.social;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tidings.stream.EventLog;
import org.tidings.stream.WriteTx;
import org.tidings.web.ApiException;

/**
 * The directory of public rooms and joining them. A room is a group whose visibility is public;
 * anyone signed in finds it here and joins it, and from then on it is an ordinary group to them:
 * its whole history to scroll back through, its events on their stream from the join on.
 */
@Component
class Rooms {

    /** One page of the directory; {@code nextCursor} is absent on the last page. */
    record Page(List<RoomView> rooms, String nextCursor) {}

    /** A page the client can still scroll comfortably; larger pages are cut to this. */
    static final int MAX_PAGE = 50;

    private final EventLog log;
    private final JdbcClient jdbc;
    private final SocialSettings settings;

    Rooms(EventLog log, JdbcClient jdbc, SocialSettings settings) {
        this.log = log;
        this.jdbc = jdbc;
        this.settings = settings;
    }

    private static final String SELECT = """
            SELECT c.id, c.name, c.description, c.last_activity_at, c.created_at,
                   (SELECT COUNT(*) FROM conversation_members n WHERE n.conversation_id = c.id) AS member_count,
                   EXISTS (SELECT 1 FROM conversation_members j WHERE j.conversation_id = c.id AND j.user_id = :me)
                       AS joined
            FROM conversations c
            WHERE c.kind = 'group' AND c.visibility = 'public' AND c.deleted_at IS NULL""";

    /**
     * Public rooms, latest activity first, whose name or description contains {@code query}
     * (case-insensitive for ASCII letters on both databases; other scripts match as written).
     */
    Page list(long me, String query, String cursor, int limit) {
        int size = Math.clamp(limit, 1, MAX_PAGE);
        StringBuilder sql = new StringBuilder(SELECT);
        String q = query == null ? "" : query.strip();
        if (!q.isEmpty()) {
            sql.append(
                    " AND (LOWER(c.name) LIKE :q ESCAPE '\\' OR LOWER(COALESCE(c.description, '')) LIKE :q ESCAPE '\\')");
        }
        Position after = cursor == null || cursor.isBlank() ? null : Position.decode(cursor);
        if (after != null) {
            sql.append(" AND (c.last_activity_at < :at OR (c.last_activity_at = :at AND c.id < :id))");
        }
        sql.append(" ORDER BY c.last_activity_at DESC, c.id DESC LIMIT :limit");
        var statement = jdbc.sql(sql.toString()).param("me", me).param("limit", size + 1);
        if (!q.isEmpty()) {
            statement = statement.param("q", "%" + likeEscaped(q.toLowerCase(Locale.ROOT)) + "%");
        }
        if (after != null) {
            statement = statement.param("at", after.lastActivity()).param("id", after.id());
        }
        List<RoomView> rooms = statement.query((rs, n) -> view(rs)).list();
        if (rooms.size() <= size) {
            return new Page(rooms, null);
        }
        RoomView last = rooms.get(size - 1);
        return new Page(
                rooms.subList(0, size), new Position(last.lastActivityAt().toEpochMilli(), last.id()).encode());
    }

    /** What the directory says about one room: for its preview before joining. 404 unless public. */
    RoomView find(long me, long roomId) {
        return jdbc.sql(SELECT + " AND c.id = :id")
                .param("me", me)
                .param("id", roomId)
                .query((rs, n) -> view(rs))
                .optional()
                .orElseThrow(() -> SocialProblems.notFound("Room"));
    }

    /**
     * Joins a public room; joining one you are in already changes nothing. A private group
     * answers exactly like a missing one (404), so ids cannot be probed for private groups.
     */
    ConversationDetails join(long me, long roomId) {
        return log.write(tx -> {
            if (Members.find(tx.jdbc(), roomId, me).isEmpty()) {
                boolean listed =
                        tx.jdbc().sql("""
                                        SELECT COUNT(*) FROM conversations
                                        WHERE id = ? AND kind = 'group' AND visibility = 'public' AND deleted_at IS NULL""").param(roomId).query(Long.class).single() > 0;
                if (!listed) {
                    throw SocialProblems.notFound("Room");
                }
                admit(tx, roomId, me, settings.maxGroupMembers());
            }
            return ConversationViews.requireDetails(tx.jdbc(), me, roomId);
        });
    }

    /**
     * Lets a user in by their own act (joining, accepting an invite): not if banned, not past
     * the member limit. Membership goes through {@link ConversationChanges#add}, so the stream
     * subscription starts right before the {@code member.added} event that announces them.
     */
    static void admit(WriteTx tx, long groupId, long userId, int maxMembers) {
        if (RoomBans.isBanned(tx.jdbc(), groupId, userId)) {
            throw SocialProblems.banned();
        }
        if (Members.count(tx.jdbc(), groupId) >= maxMembers) {
            throw SocialProblems.groupFull(maxMembers);
        }
        ConversationChanges.add(tx, groupId, userId, userId);
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static RoomView view(ResultSet rs) throws SQLException {
        return new RoomView(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("description"),
                rs.getInt("member_count"),
                Instant.ofEpochMilli(rs.getLong("last_activity_at")),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getBoolean("joined"));
    }

    /** Where a page ended: the last room's activity time and id, opaque to the client. */
    private record Position(long lastActivity, long id) {
        String encode() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((lastActivity + ":" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Position decode(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
                if (parts.length != 2) {
                    throw new IllegalArgumentException(cursor);
                }
                return new Position(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("invalid_cursor", "Malformed cursor");
            }
        }
    }
}
