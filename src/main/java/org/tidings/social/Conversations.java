package org.tidings.social;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tidings.stream.WriteTx;
import org.tidings.web.ApiException;

/**
 * What other features (chat, presence) may ask about conversations: membership, the right to
 * send, the message sequence and read pointers. Methods taking a {@link WriteTx} run inside the
 * caller's write; the others read outside it.
 */
@Component
public class Conversations {

    /** The column's width, so a long message never fails to store its preview. */
    static final int MAX_PREVIEW = 200;

    private static final String MARK_READ =
            "UPDATE conversation_members SET read_seq = ? WHERE conversation_id = ? AND user_id = ? AND read_seq < ?";

    private final JdbcClient jdbc;

    Conversations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** 404 not_found unless the user is a current member of a conversation that is not deleted. */
    public Membership requireMember(long conversationId, long userId) {
        return Members.require(jdbc, conversationId, userId);
    }

    public Membership requireMember(WriteTx tx, long conversationId, long userId) {
        return Members.require(tx.jdbc(), conversationId, userId);
    }

    /**
     * In a direct conversation: 403 {@code blocked} if either person blocked the other, 403
     * {@code not_friends} once their friendship ended. In a group, membership is enough.
     */
    public void checkCanSend(WriteTx tx, long conversationId, long senderId) {
        MemberKey key = new MemberKey(conversationId, senderId);
        SendRight right = checkCanSendAll(tx, List.of(key)).get(key);
        if (right.refused() != null) {
            throw right.refused();
        }
    }

    /** A user in a conversation. */
    public record MemberKey(long conversationId, long userId) {}

    /**
     * Whether a sender may post: the conversation's last seq and the sender's membership if so
     * (who may mention {@code @everyone} depends on it), otherwise the problem {@link
     * #checkCanSend} would throw (404 before 403, blocked before not friends).
     */
    public record SendRight(long lastSeq, Membership membership, RuntimeException refused) {}

    /**
     * {@link #checkCanSend} for a whole batch of senders in one query, with each conversation's
     * last seq thrown in (the sends are about to count from it).
     */
    public Map<MemberKey, SendRight> checkCanSendAll(WriteTx tx, Collection<MemberKey> keys) {
        SendRights rights = sendRights(tx, keys);
        tx.readTogether(List.of(rights.read()));
        return rights.answers();
    }

    /**
     * {@link #checkCanSendAll} as a query for the writer to run with its other reads ({@link
     * WriteTx#readTogether}); {@link SendRights#answers} once it has run.
     */
    public SendRights sendRights(WriteTx tx, Collection<MemberKey> keys) {
        return new SendRights(tx, List.copyOf(new HashSet<>(keys)));
    }

    /** {@link #sendRights}: the query, and each key's answer once it ran. */
    public static final class SendRights {

        private final List<MemberKey> distinct;
        private final Map<MemberKey, SendRight> rights = new HashMap<>();
        private final WriteTx.Read read;

        private SendRights(WriteTx tx, List<MemberKey> distinct) {
            this.distinct = distinct;
            List<Object> params = new ArrayList<>(distinct.size() * 2);
            String source;
            if (tx.postgres()) {
                // One array per column: one statement text for any number of senders.
                Object[] conversationIds = new Object[distinct.size()];
                Object[] userIds = new Object[distinct.size()];
                for (int i = 0; i < distinct.size(); i++) {
                    conversationIds[i] = distinct.get(i).conversationId();
                    userIds[i] = distinct.get(i).userId();
                }
                params.add(tx.array("bigint", conversationIds));
                params.add(tx.array("bigint", userIds));
                source = "unnest(?::bigint[], ?::bigint[]) AS k(column1, column2)";
            } else {
                int rows = WriteTx.paddedRows(distinct.size());
                for (int i = 0; i < rows; i++) {
                    // Padded with the last key again (its row comes back twice, the same both times).
                    MemberKey key = distinct.get(Math.min(i, distinct.size() - 1));
                    params.add(key.conversationId());
                    params.add(key.userId());
                }
                // VALUES joined in FROM, not IN, so SQLite probes the indexes.
                source = "(VALUES " + String.join(", ", Collections.nCopies(rows, "(?, ?)")) + ") k";
            }
            // A row per current member of a live conversation (so a missing row is a 404); in a
            // direct one, with the other member and whether a block or the end of the friendship
            // stands between them.
            String sql = """
                    SELECT k.column1, k.column2, c.kind, c.last_seq, m.role,
                        EXISTS (SELECT 1 FROM blocks b
                                WHERE (b.blocker_id = k.column2 AND b.blocked_id = o.user_id)
                                   OR (b.blocker_id = o.user_id AND b.blocked_id = k.column2)),
                        EXISTS (SELECT 1 FROM friendships f WHERE f.user_id = k.column2 AND f.friend_id = o.user_id)
                    FROM %s
                    JOIN conversations c ON c.id = k.column1 AND c.deleted_at IS NULL
                    JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = k.column2
                    LEFT JOIN conversation_members o
                        ON c.kind = 'direct' AND o.conversation_id = c.id AND o.user_id <> k.column2""".formatted(source);
            this.read = new WriteTx.Read(sql, params, this::answer);
        }

        private void answer(ResultSet rs) throws SQLException {
            MemberKey key = new MemberKey(rs.getLong(1), rs.getLong(2));
            String kind = rs.getString(3);
            rights.put(
                    key,
                    new SendRight(
                            rs.getLong(4),
                            new Membership(key.conversationId(), kind, rs.getString(5)),
                            refusal(kind, rs.getBoolean(6), rs.getBoolean(7))));
        }

        public WriteTx.Read read() {
            return read;
        }

        /** Each key's right, after {@link #read} ran: a key without a row is not a member (404). */
        public Map<MemberKey, SendRight> answers() {
            for (MemberKey key : distinct) {
                if (!rights.containsKey(key)) {
                    // Made only when needed: an exception's stack trace is costly to fill in.
                    rights.put(key, new SendRight(0, null, SocialProblems.notFound("Conversation")));
                }
            }
            return rights;
        }
    }

    private static RuntimeException refusal(String kind, boolean blocked, boolean friends) {
        if (!"direct".equals(kind)) {
            return null;
        }
        if (blocked) {
            return SocialProblems.blocked();
        }
        if (!friends) {
            return ApiException.forbidden("not_friends", "You are no longer friends with this user");
        }
        return null;
    }

    /**
     * Counts a new message: returns its sequence number, one more than the last (gapless, since
     * every write runs on the one writer), and makes it the conversation's latest activity.
     */
    public long recordMessage(WriteTx tx, long conversationId, String preview, long sentAt) {
        return tx.jdbc()
                .sql("""
                        UPDATE conversations
                        SET last_seq = last_seq + 1, last_message_at = ?, last_message_preview = ?, last_activity_at = ?
                        WHERE id = ? AND deleted_at IS NULL
                        RETURNING last_seq""")
                .params(sentAt, truncate(preview), sentAt, conversationId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> SocialProblems.notFound("Conversation"));
    }

    /**
     * Moves the user's read pointer forward to {@code seq}, capped at the last message; never
     * backwards. Returns whether it moved (false for a non-member too).
     */
    public boolean advanceReadPointer(WriteTx tx, long conversationId, long userId, long seq) {
        long lastSeq = tx.jdbc()
                .sql("SELECT last_seq FROM conversations WHERE id = ?")
                .param(conversationId)
                .query(Long.class)
                .optional()
                .orElse(0L);
        long target = Math.min(seq, lastSeq);
        return tx.jdbc().sql("""
                                UPDATE conversation_members SET read_seq = ?
                                WHERE conversation_id = ? AND user_id = ? AND read_seq < ?""").params(target, conversationId, userId, target).update() > 0;
    }

    /** The last message a batch of sends left in a conversation. */
    public record LastMessage(long conversationId, long seq, String preview, long sentAt) {}

    /**
     * Records a batch of sends: counts its messages once per conversation (the caller numbered
     * them from the last seq that {@link #checkCanSendAll} read, gapless since every write runs
     * on the one writer), and marks everything up to each seq read for the member who wrote it
     * (your own message never counts as unread; no lookup, since each seq is known to be that
     * member's latest). One conversation and one member appear once each.
     */
    public void recordSends(WriteTx tx, Collection<LastMessage> lasts, Map<MemberKey, Long> readThrough) {
        List<Object[]> rows = new ArrayList<>(lasts.size());
        lasts.forEach(last -> rows.add(
                new Object[] {last.seq(), last.sentAt(), truncate(last.preview()), last.sentAt(), last.conversationId()
                }));
        tx.batch(
                "UPDATE conversations SET last_seq = ?, last_message_at = ?, last_message_preview = ?, last_activity_at = ?"
                        + " WHERE id = ?",
                rows);
        List<Object[]> reads = new ArrayList<>(readThrough.size());
        readThrough.forEach((key, seq) -> reads.add(new Object[] {seq, key.conversationId(), key.userId(), seq}));
        tx.batch(MARK_READ, reads);
    }

    /**
     * PostgreSQL: {@link #recordSends} as two data-modifying WITH clauses for the statement that
     * stores the messages, their rows as one array per column: the counts, the read pointers and
     * the messages then cost one round trip, where they took two (and two JDBC batches three).
     */
    public static WriteTx.With sendCounts(WriteTx tx, Collection<LastMessage> lasts, Map<MemberKey, Long> readThrough) {
        Object[] ids = new Object[lasts.size()];
        Object[] seqs = new Object[lasts.size()];
        Object[] times = new Object[lasts.size()];
        Object[] previews = new Object[lasts.size()];
        int i = 0;
        for (LastMessage last : lasts) {
            ids[i] = last.conversationId();
            seqs[i] = last.seq();
            times[i] = last.sentAt();
            previews[i] = truncate(last.preview());
            i++;
        }
        Object[] readConversations = new Object[readThrough.size()];
        Object[] readUsers = new Object[readThrough.size()];
        Object[] readSeqs = new Object[readThrough.size()];
        i = 0;
        for (Map.Entry<MemberKey, Long> read : readThrough.entrySet()) {
            readConversations[i] = read.getKey().conversationId();
            readUsers[i] = read.getKey().userId();
            readSeqs[i] = read.getValue();
            i++;
        }
        return new WriteTx.With(
                """
                        counted AS (
                            UPDATE conversations c SET last_seq = v.seq, last_message_at = v.at,
                                last_message_preview = v.preview, last_activity_at = v.at
                            FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::varchar[]) AS v(id, seq, at, preview)
                            WHERE c.id = v.id),
                        marked AS (
                            UPDATE conversation_members m SET read_seq = r.seq
                            FROM unnest(?::bigint[], ?::bigint[], ?::bigint[]) AS r(conversation_id, user_id, seq)
                            WHERE m.conversation_id = r.conversation_id AND m.user_id = r.user_id
                                AND m.read_seq < r.seq)""",
                List.of(
                        tx.array("bigint", ids),
                        tx.array("bigint", seqs),
                        tx.array("bigint", times),
                        tx.array("varchar", previews),
                        tx.array("bigint", readConversations),
                        tx.array("bigint", readUsers),
                        tx.array("bigint", readSeqs)));
    }

    /** A member's read pointer and the conversation's last seq: unread is their difference. */
    public record ReadState(long readSeq, long lastSeq) {}

    /** The member's read state inside a write; 404 not_found unless a current member. */
    public ReadState readState(WriteTx tx, long conversationId, long userId) {
        return tx.jdbc()
                .sql("SELECT m.read_seq, c.last_seq FROM conversation_members m"
                        + " JOIN conversations c ON c.id = m.conversation_id AND c.deleted_at IS NULL"
                        + " WHERE m.conversation_id = ? AND m.user_id = ?")
                .params(conversationId, userId)
                .query((rs, n) -> new ReadState(rs.getLong(1), rs.getLong(2)))
                .optional()
                .orElseThrow(() -> SocialProblems.notFound("Conversation"));
    }

    /** 404 not_found unless the user is a current member. */
    public long readPointer(long conversationId, long userId) {
        return jdbc.sql("""
                        SELECT m.read_seq FROM conversation_members m
                        JOIN conversations c ON c.id = m.conversation_id AND c.deleted_at IS NULL
                        WHERE m.conversation_id = ? AND m.user_id = ?""")
                .params(conversationId, userId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> SocialProblems.notFound("Conversation"));
    }

    /** Current members; empty for a deleted or unknown conversation. */
    public List<Long> memberIds(long conversationId) {
        return Members.ids(jdbc, conversationId);
    }

    /** Friends plus everyone who shares a live group with the user, not the user themself. */
    public Set<Long> contactsOf(long userId) {
        return new HashSet<>(
                jdbc.sql("""
                        SELECT friend_id FROM friendships WHERE user_id = :user
                        UNION
                        SELECT o.user_id FROM conversation_members m
                        JOIN conversations c ON c.id = m.conversation_id AND c.kind = 'group' AND c.deleted_at IS NULL
                        JOIN conversation_members o ON o.conversation_id = m.conversation_id
                        WHERE m.user_id = :user AND o.user_id <> :user""").param("user", userId).query(Long.class).list());
    }

    /** Replaces the conversation list's preview, after its last message was edited or deleted. */
    public void replacePreview(WriteTx tx, long conversationId, String preview) {
        tx.jdbc()
                .sql("UPDATE conversations SET last_message_preview = ? WHERE id = ?")
                .params(truncate(preview), conversationId)
                .update();
    }

    /** The message {@code seq} notifies these members: each counts it in unreadMentions until read. */
    public void recordMentions(WriteTx tx, long conversationId, long messageId, long seq, Collection<Long> userIds) {
        // One JDBC batch: an @everyone in a large group is a row per member.
        List<Object[]> rows = new ArrayList<>(userIds.size());
        userIds.forEach(userId -> rows.add(new Object[] {userId, conversationId, seq, messageId}));
        tx.batch(
                "INSERT INTO conversation_mentions (user_id, conversation_id, seq, message_id) VALUES (?, ?, ?, ?)",
                rows);
    }

    /** The message no longer notifies anyone (edited, or deleted). */
    public void forgetMentions(WriteTx tx, long messageId) {
        tx.jdbc()
                .sql("DELETE FROM conversation_mentions WHERE message_id = ?")
                .param(messageId)
                .update();
    }

    /** A member's read pointer, for read receipts. */
    public record MemberRead(long userId, long readSeq) {}

    /**
     * The read pointers of the members who share read receipts (the account setting, read from
     * the users table like names are), in user id order.
     */
    public List<MemberRead> sharedReadPointers(long conversationId) {
        return jdbc.sql("""
                        SELECT m.user_id, m.read_seq FROM conversation_members m JOIN users u ON u.id = m.user_id
                        WHERE m.conversation_id = ? AND u.share_read_receipts = TRUE ORDER BY m.user_id""")
                .param(conversationId)
                .query((rs, n) -> new MemberRead(rs.getLong(1), rs.getLong(2)))
                .list();
    }

    /** The members who share read receipts, inside a write. */
    public List<Long> membersSharingReceipts(WriteTx tx, long conversationId) {
        return tx.jdbc().sql("""
                        SELECT m.user_id FROM conversation_members m JOIN users u ON u.id = m.user_id
                        WHERE m.conversation_id = ? AND u.share_read_receipts = TRUE""").param(conversationId).query(Long.class).list();
    }

    /** Cut to the column's width in code points, so no surrogate pair is split. */
    static String truncate(String preview) {
        if (preview == null || preview.codePointCount(0, preview.length()) <= MAX_PREVIEW) {
            return preview;
        }
        return preview.substring(0, preview.offsetByCodePoints(0, MAX_PREVIEW));
    }
}
