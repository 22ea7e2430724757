package org.tidings.social;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tidings.account.Accounts;
import org.tidings.account.AuthenticatedUser;
import org.tidings.stream.EventLog;
import org.tidings.web.ApiException;

/**
 * Blocking someone: they can no longer send you a request or a direct message, you cannot add
 * each other to groups, and whatever was pending or ongoing between you ends (requests are
 * closed, the friendship is ended). Groups you already share are left alone.
 */
@Component
class Blocks {

    private final JdbcClient jdbc;
    private final EventLog log;
    private final Accounts accounts;

    Blocks(JdbcClient jdbc, EventLog log, Accounts accounts) {
        this.jdbc = jdbc;
        this.log = log;
        this.accounts = accounts;
    }

    BlockView block(AuthenticatedUser me, String username) {
        UserRef target =
                accounts.findByName(username).map(UserRef::of).orElseThrow(() -> SocialProblems.userNotFound(username));
        if (target.id() == me.id()) {
            throw ApiException.badRequest("cannot_block_self", "You cannot block yourself");
        }
        return log.write(tx -> {
            if (blocks(tx.jdbc(), me.id(), target.id())) {
                throw ApiException.conflict("already_blocked", "You have already blocked this user");
            }
            tx.jdbc()
                    .sql("INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?)")
                    .params(me.id(), target.id(), tx.now())
                    .update();
            FriendRequests.closeBetween(tx, me.id(), target.id(), "blocked");
            Friendships.end(tx, me.id(), target.id());
            BlockView view = new BlockView(target, Instant.ofEpochMilli(tx.now()));
            tx.emitToUser(me.id(), SocialEvents.BLOCK_ADDED, view);
            return view;
        });
    }

    void unblock(long me, long userId) {
        log.write(tx -> {
            int removed = tx.jdbc()
                    .sql("DELETE FROM blocks WHERE blocker_id = ? AND blocked_id = ?")
                    .params(me, userId)
                    .update();
            if (removed == 0) {
                throw SocialProblems.notFound("Block");
            }
            tx.emitToUser(me, SocialEvents.BLOCK_REMOVED, new SocialEvents.BlockRemoved(userId));
            return null;
        });
    }

    List<BlockView> list(long me) {
        return jdbc.sql("""
                        SELECT %s, b.created_at
                        FROM blocks b JOIN users u ON u.id = b.blocked_id
                        WHERE b.blocker_id = ? ORDER BY b.created_at DESC, u.id""".formatted(UserRef.COLUMNS))
                .param(me)
                .query((rs, n) -> new BlockView(UserRef.read(rs, 1), Instant.ofEpochMilli(rs.getLong(5))))
                .list();
    }

    /** Whether either of the two has blocked the other. */
    static boolean between(JdbcClient jdbc, long a, long b) {
        return blocks(jdbc, a, b) || blocks(jdbc, b, a);
    }

    /** Everyone the user has blocked or is blocked by. */
    static Set<Long> around(JdbcClient jdbc, long userId) {
        return new HashSet<>(
                jdbc.sql("""
                        SELECT blocked_id FROM blocks WHERE blocker_id = :user
                        UNION SELECT blocker_id FROM blocks WHERE blocked_id = :user""").param("user", userId).query(Long.class).list());
    }

    private static boolean blocks(JdbcClient jdbc, long blocker, long blocked) {
        return jdbc.sql("SELECT COUNT(*) FROM blocks WHERE blocker_id = ? AND blocked_id = ?")
                        .params(blocker, blocked)
                        .query(Long.class)
                        .single()
                > 0;
    }
}
