package org.tidings.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The messages table: rows in and out, nothing else. */
@Repository
public class MessageStore {

    private static final String SELECT = """
            SELECT m.id, m.conversation_id, m.seq, m.body, m.client_msg_id, m.sent_at,
                   m.attachment_id, m.attachment_name, m.attachment_size, m.attachment_type,
                   m.attachment_thumb_width, m.attachment_thumb_height,
                   u.id AS sender_id, u.username, u.display_name
            FROM messages m JOIN users u ON u.id = m.sender_id
            """;

    private final JdbcClient jdbc;

    MessageStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(
            JdbcClient tx,
            long conversationId,
            long seq,
            long senderId,
            String body,
            String clientMsgId,
            Attachment a,
            long at) {
        Attachment.Thumbnail thumb = a == null ? null : a.thumbnail();
        return tx.sql("""
                        INSERT INTO messages (conversation_id, seq, sender_id, body, client_msg_id, sent_at,
                            attachment_id, attachment_name, attachment_size, attachment_type,
                            attachment_thumb_width, attachment_thumb_height)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(
                        conversationId,
                        seq,
                        senderId,
                        body,
                        clientMsgId,
                        at,
                        a == null ? null : a.fileId(),
                        a == null ? null : a.name(),
                        a == null ? null : a.size(),
                        a == null ? null : a.type(),
                        thumb == null ? null : thumb.width(),
                        thumb == null ? null : thumb.height())
                .query(Long.class)
                .single();
    }

    Optional<Message> findByClientId(long senderId, String clientMsgId) {
        return findByClientId(jdbc, senderId, clientMsgId);
    }

    /**
     * Whether the sender already stored this client id: the cheap check every send makes (a
     * one-column index lookup, where loading the message costs fifteen columns and a join).
     */
    boolean hasClientId(JdbcClient db, long senderId, String clientMsgId) {
        return db.sql("SELECT 1 FROM messages WHERE sender_id = ? AND client_msg_id = ?")
                .params(senderId, clientMsgId)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    /** The same lookup inside a write (an attachment's message, sent by a job). */
    Optional<Message> findByClientId(JdbcClient db, long senderId, String clientMsgId) {
        return db.sql(SELECT + " WHERE m.sender_id = ? AND m.client_msg_id = ?")
                .params(senderId, clientMsgId)
                .query(MessageStore::map)
                .optional();
    }

    /** The page just before {@code beforeSeq}, oldest first. */
    List<Message> page(long conversationId, long beforeSeq, int limit) {
        List<Message> newestFirst = jdbc.sql(
                        SELECT + " WHERE m.conversation_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?")
                .params(conversationId, beforeSeq, limit)
                .query(MessageStore::map)
                .list();
        return newestFirst.reversed();
    }

    /**
     * Up to {@code limit} messages after {@code afterSeq}, oldest first: for reading a whole
     * history in order (exports). The caller checks membership.
     */
    public List<Message> pageAfter(long conversationId, long afterSeq, int limit) {
        return jdbc.sql(SELECT + " WHERE m.conversation_id = ? AND m.seq > ? ORDER BY m.seq LIMIT ?")
                .params(conversationId, afterSeq, limit)
                .query(MessageStore::map)
                .list();
    }

    /** How many messages a conversation has, and how many of them carry an attachment. */
    public record Counts(long messages, long attachments) {}

    public Counts count(long conversationId) {
        return jdbc.sql("SELECT COUNT(*), COUNT(attachment_id) FROM messages WHERE conversation_id = ?")
                .param(conversationId)
                .query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2)))
                .single();
    }

    private static Message map(ResultSet rs, int row) throws SQLException {
        return new Message(
                rs.getLong("id"),
                rs.getLong("conversation_id"),
                rs.getLong("seq"),
                new Sender(rs.getLong("sender_id"), rs.getString("username"), rs.getString("display_name")),
                rs.getString("body"),
                Instant.ofEpochMilli(rs.getLong("sent_at")),
                rs.getString("client_msg_id"),
                attachment(rs));
    }

    private static Attachment attachment(ResultSet rs) throws SQLException {
        long fileId = rs.getLong("attachment_id");
        if (rs.wasNull()) {
            return null;
        }
        int width = rs.getInt("attachment_thumb_width");
        Attachment.Thumbnail thumbnail =
                rs.wasNull() ? null : Attachment.Thumbnail.ofFile(fileId, width, rs.getInt("attachment_thumb_height"));
        return new Attachment(
                fileId,
                rs.getString("attachment_name"),
                rs.getLong("attachment_size"),
                rs.getString("attachment_type"),
                thumbnail);
    }
}
