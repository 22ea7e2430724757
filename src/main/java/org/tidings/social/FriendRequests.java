package org.tidings.social;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tidings.account.Accounts;
import org.tidings.account.AuthenticatedUser;
import org.tidings.stream.EventLog;
import org.tidings.stream.WriteTx;
import org.tidings.web.ApiException;

/**
 * Pending friend requests: sent, then accepted or declined by the recipient, or cancelled by the
 * sender. A request only the other party could act on answers 403; a request that is not yours
 * at all answers 404, like one that never existed.
 */
@Component
class FriendRequests {

    private static final String SELECT = """
            SELECT r.id, r.created_at, s.id AS s_id, s.username AS s_username, s.display_name AS s_display_name,
                   s.deactivated_at AS s_deactivated_at,
                   t.id AS t_id, t.username AS t_username, t.display_name AS t_display_name,
                   t.deactivated_at AS t_deactivated_at
            FROM friend_requests r JOIN users s ON s.id = r.sender_id JOIN users t ON t.id = r.recipient_id""";

    private final JdbcClient jdbc;
    private final EventLog log;
    private final Accounts accounts;

    FriendRequests(JdbcClient jdbc, EventLog log, Accounts accounts) {
        this.jdbc = jdbc;
        this.log = log;
        this.accounts = accounts;
    }

    /** What sending a request led to: a new pending request, or a friendship when they had asked you. */
    sealed interface Outcome {
        record Requested(FriendRequestView request) implements Outcome {}

        record Befriended(FriendView friend) implements Outcome {}
    }

    record Lists(List<FriendRequestView> incoming, List<FriendRequestView> outgoing) {}

    Outcome send(AuthenticatedUser me, String username) {
        UserRef target =
                accounts.findByName(username).map(UserRef::of).orElseThrow(() -> SocialProblems.userNotFound(username));
        if (target.id() == me.id()) {
            throw ApiException.badRequest("cannot_request_self", "You cannot send yourself a friend request");
        }
        if (target.deactivated()) {
            throw SocialProblems.deactivated(target.username());
        }
        return log.write(tx -> {
            JdbcClient db = tx.jdbc();
            if (Blocks.between(db, me.id(), target.id())) {
                throw SocialProblems.blocked();
            }
            if (Friendships.areFriends(db, me.id(), target.id())) {
                throw ApiException.conflict("already_friends", "You are already friends");
            }
            Optional<FriendRequestView> theirs = between(db, target.id(), me.id());
            if (theirs.isPresent()) {
                return new Outcome.Befriended(accept(tx, theirs.get()));
            }
            if (between(db, me.id(), target.id()).isPresent()) {
                throw ApiException.conflict("request_exists", "You have already sent this user a request");
            }
            long id = db.sql("""
                            INSERT INTO friend_requests (sender_id, recipient_id, created_at)
                            VALUES (?, ?, ?) RETURNING id""")
                    .params(me.id(), target.id(), tx.now())
                    .query(Long.class)
                    .single();
            var request = new FriendRequestView(id, UserRef.of(me), target, Instant.ofEpochMilli(tx.now()));
            tx.emitToUser(target.id(), SocialEvents.FRIEND_REQUESTED, request);
            tx.emitToUser(me.id(), SocialEvents.FRIEND_REQUESTED, request);
            return new Outcome.Requested(request);
        });
    }

    FriendView accept(long me, long requestId) {
        return log.write(tx -> accept(tx, require(tx, requestId, me, Party.RECIPIENT)));
    }

    void decline(long me, long requestId) {
        log.write(tx -> {
            close(tx, require(tx, requestId, me, Party.RECIPIENT), "declined");
            return null;
        });
    }

    void cancel(long me, long requestId) {
        log.write(tx -> {
            close(tx, require(tx, requestId, me, Party.SENDER), "cancelled");
            return null;
        });
    }

    /** Incoming and outgoing, newest first. */
    Lists list(long me) {
        List<FriendRequestView> all = jdbc.sql(
                        SELECT + " WHERE r.sender_id = :me OR r.recipient_id = :me ORDER BY r.id DESC")
                .param("me", me)
                .query(FriendRequests::view)
                .list();
        return new Lists(
                all.stream().filter(r -> r.to().id() == me).toList(),
                all.stream().filter(r -> r.from().id() == me).toList());
    }

    /** Closes every pending request between the two, in either direction. */
    static void closeBetween(WriteTx tx, long a, long b, String reason) {
        between(tx.jdbc(), a, b).ifPresent(request -> close(tx, request, reason));
        between(tx.jdbc(), b, a).ifPresent(request -> close(tx, request, reason));
    }

    private static FriendView accept(WriteTx tx, FriendRequestView request) {
        // The request may predate the sender's deactivation; it can still be declined.
        if (request.from().deactivated()) {
            throw SocialProblems.deactivated(request.from().username());
        }
        close(tx, request, "accepted");
        return Friendships.befriend(tx, request.to(), request.from());
    }

    private static void close(WriteTx tx, FriendRequestView request, String reason) {
        tx.jdbc()
                .sql("DELETE FROM friend_requests WHERE id = ?")
                .param(request.id())
                .update();
        var closed = new SocialEvents.RequestClosed(request.id(), reason);
        tx.emitToUser(request.to().id(), SocialEvents.FRIEND_REQUEST_CLOSED, closed);
        tx.emitToUser(request.from().id(), SocialEvents.FRIEND_REQUEST_CLOSED, closed);
    }

    private enum Party {
        SENDER,
        RECIPIENT
    }

    /** The request, if the user is the party that may act on it this way. */
    private static FriendRequestView require(WriteTx tx, long requestId, long me, Party party) {
        FriendRequestView request = tx.jdbc()
                .sql(SELECT + " WHERE r.id = ? AND (r.sender_id = ? OR r.recipient_id = ?)")
                .params(requestId, me, me)
                .query(FriendRequests::view)
                .optional()
                .orElseThrow(() -> SocialProblems.notFound("Friend request"));
        boolean isSender = request.from().id() == me;
        if (isSender != (party == Party.SENDER)) {
            throw SocialProblems.forbidden(
                    isSender ? "Only the recipient can answer a request" : "Only the sender can cancel a request");
        }
        return request;
    }

    private static Optional<FriendRequestView> between(JdbcClient db, long sender, long recipient) {
        return db.sql(SELECT + " WHERE r.sender_id = ? AND r.recipient_id = ?")
                .params(sender, recipient)
                .query(FriendRequests::view)
                .optional();
    }

    private static FriendRequestView view(ResultSet rs, int row) throws SQLException {
        return new FriendRequestView(
                rs.getLong("id"), party(rs, "s_"), party(rs, "t_"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    private static UserRef party(ResultSet rs, String prefix) throws SQLException {
        return new UserRef(
                rs.getLong(prefix + "id"),
                rs.getString(prefix + "username"),
                rs.getString(prefix + "display_name"),
                rs.getObject(prefix + "deactivated_at") != null);
    }
}
