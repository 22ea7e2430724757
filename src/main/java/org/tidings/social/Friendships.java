package org.tidings.social;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tidings.stream.EventLog;
import org.tidings.stream.WriteTx;

/**
 * Friendships and the direct conversation each one comes with. Ending a friendship keeps the
 * conversation and both memberships, so its history stays readable; nobody can send in it until
 * the two are friends again, and then they get the same conversation back.
 */
@Component
class Friendships {

    private final JdbcClient jdbc;
    private final EventLog log;

    Friendships(JdbcClient jdbc, EventLog log) {
        this.jdbc = jdbc;
        this.log = log;
    }

    List<FriendView> list(long userId) {
        return jdbc.sql("""
                        SELECT %s, f.conversation_id, f.created_at
                        FROM friendships f JOIN users u ON u.id = f.friend_id
                        WHERE f.user_id = ? ORDER BY u.username""".formatted(UserRef.COLUMNS))
                .param(userId)
                .query((rs, n) ->
                        new FriendView(UserRef.read(rs, 1), rs.getLong(5), Instant.ofEpochMilli(rs.getLong(6))))
                .list();
    }

    void unfriend(long me, long friendId) {
        log.write(tx -> {
            if (!end(tx, me, friendId)) {
                throw SocialProblems.notFound("Friend");
            }
            return null;
        });
    }

    static boolean areFriends(JdbcClient jdbc, long a, long b) {
        return jdbc.sql("SELECT COUNT(*) FROM friendships WHERE user_id = ? AND friend_id = ?")
                        .params(a, b)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Makes the two friends and tells each of them; returns the friendship as {@code a} sees it. */
    static FriendView befriend(WriteTx tx, UserRef a, UserRef b) {
        long conversationId = directConversation(tx, a.id(), b.id());
        tx.jdbc()
                .sql("""
                        INSERT INTO friendships (user_id, friend_id, conversation_id, created_at)
                        VALUES (?, ?, ?, ?), (?, ?, ?, ?)""")
                .params(a.id(), b.id(), conversationId, tx.now(), b.id(), a.id(), conversationId, tx.now())
                .update();
        Instant since = Instant.ofEpochMilli(tx.now());
        FriendView seenByA = new FriendView(b, conversationId, since);
        announce(tx, a.id(), seenByA);
        announce(tx, b.id(), new FriendView(a, conversationId, since));
        return seenByA;
    }

    /** Ends the friendship if there is one, telling both; returns whether there was one. */
    static boolean end(WriteTx tx, long a, long b) {
        Optional<Long> conversationId = tx.jdbc()
                .sql("SELECT conversation_id FROM friendships WHERE user_id = ? AND friend_id = ?")
                .params(a, b)
                .query(Long.class)
                .optional();
        if (conversationId.isEmpty()) {
            return false;
        }
        tx.jdbc()
                .sql("DELETE FROM friendships WHERE (user_id = ? AND friend_id = ?) OR (user_id = ? AND friend_id = ?)")
                .params(a, b, b, a)
                .update();
        tx.emitToUser(a, SocialEvents.FRIEND_REMOVED, new SocialEvents.FriendRemoved(b, conversationId.get()));
        tx.emitToUser(b, SocialEvents.FRIEND_REMOVED, new SocialEvents.FriendRemoved(a, conversationId.get()));
        return true;
    }

    /** The pair's direct conversation: the one they had before, or a new one. */
    private static long directConversation(WriteTx tx, long a, long b) {
        String key = Math.min(a, b) + ":" + Math.max(a, b);
        Optional<Long> existing = tx.jdbc()
                .sql("SELECT id FROM conversations WHERE direct_key = ?")
                .param(key)
                .query(Long.class)
                .optional();
        if (existing.isPresent()) {
            tx.jdbc()
                    .sql("UPDATE conversations SET last_activity_at = ? WHERE id = ?")
                    .params(tx.now(), existing.get())
                    .update();
            return existing.get();
        }
        List<ConversationChanges.Seat> seats =
                List.of(new ConversationChanges.Seat(a, Role.MEMBER), new ConversationChanges.Seat(b, Role.MEMBER));
        return ConversationChanges.open(tx, "direct", null, null, key, seats);
    }

    private static void announce(WriteTx tx, long userId, FriendView friend) {
        ConversationSummary conversation = ConversationViews.find(tx.jdbc(), userId, friend.conversationId())
                .orElseThrow();
        tx.emitToUser(userId, SocialEvents.FRIEND_ADDED, new SocialEvents.FriendAdded(friend, conversation));
    }
}
