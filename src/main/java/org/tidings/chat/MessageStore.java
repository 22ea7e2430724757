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
                   m.edited_at, m.deleted_at, m.mentions, m.mentions_everyone,
                   u.id AS sender_id, u.username, u.display_name,
                   r.id AS reply_id, r.seq AS reply_seq, r.body AS reply_body, r.deleted_at AS reply_deleted_at,
                   ru.id AS reply_sender_id, ru.username AS reply_username, ru.display_name AS reply_display_name
            FROM messages m JOIN users u ON u.id = m.sender_id
            LEFT JOIN messages r ON r.id = m.reply_to_id
            LEFT JOIN users ru ON ru.id = r.sender_id
            """;

    private final JdbcClient jdbc;

    MessageStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The pool's client, for reads outside a write. */
    JdbcClient jdbc() {
        return jdbc;
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

    /** One message of the conversation, tombstone or not; reactions are left empty. */
    Optional<Message> find(JdbcClient db, long conversationId, long messageId) {
        return db.sql(SELECT + " WHERE m.id = ? AND m.conversation_id = ?")
                .params(messageId, conversationId)
                .query(MessageStore::map)
                .optional();
    }

    /** Messages that reply to {@code messageId}. */
    List<Message> repliesTo(JdbcClient db, long messageId) {
        return db.sql(SELECT + " WHERE m.reply_to_id = ?")
                .param(messageId)
                .query(MessageStore::map)
                .list();
    }

    /** The newest message of the conversation that is not deleted, if any: the list's preview. */
    Optional<Message> latestShown(JdbcClient db, long conversationId) {
        return db.sql(SELECT + " WHERE m.conversation_id = ? AND m.deleted_at IS NULL ORDER BY m.seq DESC LIMIT 1")
                .param(conversationId)
                .query(MessageStore::map)
                .optional();
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
        boolean deleted = instant(rs, "deleted_at") != null;
        return new Message(
                rs.getLong("id"),
                rs.getLong("conversation_id"),
                rs.getLong("seq"),
                new Sender(rs.getLong("sender_id"), rs.getString("username"), rs.getString("display_name")),
                deleted ? null : rs.getString("body"),
                Instant.ofEpochMilli(rs.getLong("sent_at")),
                rs.getString("client_msg_id"),
                deleted ? null : attachment(rs),
                deleted ? null : instant(rs, "edited_at"),
                deleted,
                deleted ? null : reply(rs),
                Mentions.parse(rs.getString("mentions")),
                rs.getBoolean("mentions_everyone") ? Boolean.TRUE : null,
                List.of());
    }

    private static Message.ReplyRef reply(ResultSet rs) throws SQLException {
        long id = rs.getLong("reply_id");
        if (rs.wasNull()) {
            return null;
        }
        boolean deleted = instant(rs, "reply_deleted_at") != null;
        return new Message.ReplyRef(
                id,
                rs.getLong("reply_seq"),
                new Sender(
                        rs.getLong("reply_sender_id"),
                        rs.getString("reply_username"),
                        rs.getString("reply_display_name")),
                deleted ? null : Messages.preview(rs.getString("reply_body")),
                deleted);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
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
