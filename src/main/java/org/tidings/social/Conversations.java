package org.tidings.social;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
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
        Membership membership = requireMember(tx, conversationId, senderId);
        if (!"direct".equals(membership.kind())) {
            return;
        }
        long other = tx.jdbc()
                .sql("SELECT user_id FROM conversation_members WHERE conversation_id = ? AND user_id <> ?")
                .params(conversationId, senderId)
                .query(Long.class)
                .single();
        if (Blocks.between(tx.jdbc(), senderId, other)) {
            throw SocialProblems.blocked();
        }
        if (!Friendships.areFriends(tx.jdbc(), senderId, other)) {
            throw ApiException.forbidden("not_friends", "You are no longer friends with this user");
        }
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

    /**
     * Marks everything up to {@code seq} read for a member who just wrote message {@code seq}:
     * one UPDATE, no lookup, since the seq is known to be the last.
     */
    public void markReadThrough(WriteTx tx, long conversationId, long userId, long seq) {
        tx.jdbc()
                .sql(
                        "UPDATE conversation_members SET read_seq = ? WHERE conversation_id = ? AND user_id = ? AND read_seq < ?")
                .params(seq, conversationId, userId, seq)
                .update();
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
        for (long userId : userIds) {
            tx.jdbc().sql("""
                            INSERT INTO conversation_mentions (user_id, conversation_id, seq, message_id)
                            VALUES (?, ?, ?, ?)""").params(userId, conversationId, seq, messageId).update();
        }
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
