package org.tidings.social;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Who belongs to which live conversation; reads only, with the caller's JdbcClient. */
final class Members {

    private Members() {}

    /** The user's membership, if they are a current member of a conversation not deleted. */
    static Optional<Membership> find(JdbcClient jdbc, long conversationId, long userId) {
        return jdbc.sql("""
                        SELECT c.id, c.kind, m.role
                        FROM conversations c JOIN conversation_members m ON m.conversation_id = c.id
                        WHERE c.id = ? AND m.user_id = ? AND c.deleted_at IS NULL""")
                .params(conversationId, userId)
                .query((rs, n) -> new Membership(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .optional();
    }

    static Membership require(JdbcClient jdbc, long conversationId, long userId) {
        return find(jdbc, conversationId, userId).orElseThrow(() -> SocialProblems.notFound("Conversation"));
    }

    /** The user's role in a live group; 404 for anyone outside it, and for direct conversations. */
    static Role requireGroupRole(JdbcClient jdbc, long groupId, long userId) {
        return find(jdbc, groupId, userId)
                .filter(membership -> "group".equals(membership.kind()))
                .map(membership -> Role.of(membership.role()))
                .orElseThrow(() -> SocialProblems.notFound("Group"));
    }

    /** Another member's role, once the caller's own membership is established. */
    static Role requireRoleOf(JdbcClient jdbc, long groupId, long userId) {
        return find(jdbc, groupId, userId)
                .map(membership -> Role.of(membership.role()))
                .orElseThrow(() -> SocialProblems.notFound("Member"));
    }

    static List<Long> ids(JdbcClient jdbc, long conversationId) {
        return jdbc.sql("""
                        SELECT m.user_id FROM conversation_members m
                        JOIN conversations c ON c.id = m.conversation_id AND c.deleted_at IS NULL
                        WHERE m.conversation_id = ? ORDER BY m.user_id""").param(conversationId).query(Long.class).list();
    }

    static int count(JdbcClient jdbc, long conversationId) {
        return jdbc.sql("SELECT COUNT(*) FROM conversation_members WHERE conversation_id = ?")
                .param(conversationId)
                .query(Integer.class)
                .single();
    }

    static MemberView view(JdbcClient jdbc, long conversationId, long userId) {
        return jdbc.sql("""
                        SELECT %s
                        FROM conversation_members m JOIN users u ON u.id = m.user_id
                        WHERE m.conversation_id = ? AND m.user_id = ?""".formatted(MemberView.COLUMNS))
                .params(conversationId, userId)
                .query(MemberView::read)
                .single();
    }
}
