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
class MessageStore {

    private static final String SELECT = """
            SELECT m.id, m.conversation_id, m.seq, m.body, m.client_msg_id, m.sent_at,
                   u.id AS sender_id, u.username, u.display_name
            FROM messages m JOIN users u ON u.id = m.sender_id
            """;

    private final JdbcClient jdbc;

    MessageStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(JdbcClient tx, long conversationId, long seq, long senderId, String body, String clientMsgId, long at) {
        return tx.sql("""
                        INSERT INTO messages (conversation_id, seq, sender_id, body, client_msg_id, sent_at)
                        VALUES (?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(conversationId, seq, senderId, body, clientMsgId, at)
                .query(Long.class)
                .single();
    }

    Optional<Message> findByClientId(long senderId, String clientMsgId) {
        return jdbc.sql(SELECT + " WHERE m.sender_id = ? AND m.client_msg_id = ?")
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

    private static Message map(ResultSet rs, int row) throws SQLException {
        return new Message(
                rs.getLong("id"),
                rs.getLong("conversation_id"),
                rs.getLong("seq"),
                new Sender(rs.getLong("sender_id"), rs.getString("username"), rs.getString("display_name")),
                rs.getString("body"),
                Instant.ofEpochMilli(rs.getLong("sent_at")),
                rs.getString("client_msg_id"));
    }
}
