package org.tidings.social;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tidings.stream.EventLog;

/**
 * Keeping someone out of a group. Owner and admins ban; a ban removes the person if they are in
 * the group (they hear it on their stream, reason {@code banned}) and refuses every way back in
 * (joining a public room, accepting an invite, being added) until it is lifted. An admin bans
 * only those they could remove: plain members and outsiders, never the owner or another admin.
 */
@Component
class RoomBans {

    record BanView(UserRef user, long bannedBy, Instant createdAt) {}

    private final EventLog log;
    private final JdbcClient jdbc;

    RoomBans(EventLog log, JdbcClient jdbc) {
        this.log = log;
        this.jdbc = jdbc;
    }

    static boolean isBanned(JdbcClient jdbc, long groupId, long userId) {
        return jdbc.sql("SELECT COUNT(*) FROM group_bans WHERE conversation_id = ? AND user_id = ?")
                        .params(groupId, userId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Idempotent: banning someone already banned keeps the first ban as it was. */
    BanView ban(long me, long groupId, long userId) {
        return log.write(tx -> {
            Role mine = Groups.requireManager(tx, groupId, me);
            if (!userExists(tx.jdbc(), userId)) {
                throw SocialProblems.notFound("User");
            }
            Optional<Membership> membership = Members.find(tx.jdbc(), groupId, userId);
            if (membership.isPresent()) {
                if (!mine.canRemove(Role.of(membership.get().role()))) {
                    throw SocialProblems.forbidden("Admins cannot ban the owner or another admin");
                }
                ConversationChanges.remove(tx, groupId, userId, me, "banned");
            }
            if (!isBanned(tx.jdbc(), groupId, userId)) {
                tx.jdbc().sql("""
                                INSERT INTO group_bans (conversation_id, user_id, banned_by, created_at)
                                VALUES (?, ?, ?, ?)""").params(groupId, userId, me, tx.now()).update();
            }
            return find(tx.jdbc(), groupId, userId);
        });
    }

    void lift(long me, long groupId, long userId) {
        log.write(tx -> {
            Groups.requireManager(tx, groupId, me);
            int deleted = tx.jdbc()
                    .sql("DELETE FROM group_bans WHERE conversation_id = ? AND user_id = ?")
                    .params(groupId, userId)
                    .update();
            if (deleted == 0) {
                throw SocialProblems.notFound("Ban");
            }
            return null;
        });
    }

    /** Newest first. Only owner and admins see who is banned. */
    List<BanView> list(long me, long groupId) {
        Groups.requireManager(jdbc, groupId, me);
        return jdbc.sql(SELECT + " WHERE b.conversation_id = ? ORDER BY b.created_at DESC, b.user_id")
                .param(groupId)
                .query((rs, n) -> view(rs))
                .list();
    }

    private static final String SELECT = """
            SELECT u.id, u.username, u.display_name, b.banned_by, b.created_at
            FROM group_bans b JOIN users u ON u.id = b.user_id""";

    private static BanView find(JdbcClient jdbc, long groupId, long userId) {
        return jdbc.sql(SELECT + " WHERE b.conversation_id = ? AND b.user_id = ?")
                .params(groupId, userId)
                .query((rs, n) -> view(rs))
                .single();
    }

    private static BanView view(ResultSet rs) throws SQLException {
        return new BanView(
                new UserRef(rs.getLong(1), rs.getString(2), rs.getString(3)),
                rs.getLong(4),
                Instant.ofEpochMilli(rs.getLong(5)));
    }

    private static boolean userExists(JdbcClient jdbc, long userId) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE id = ?")
                        .param(userId)
                        .query(Long.class)
                        .single()
                > 0;
    }
}
