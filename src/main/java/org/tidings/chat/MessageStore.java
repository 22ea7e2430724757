package org.tidings.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tidings.stream.WriteTx;

/** The messages table: rows in and out, nothing else. */
@Repository
public class MessageStore {

    private static final String SELECT_COLUMNS = """
            SELECT m.id, m.conversation_id, m.seq, m.body, m.client_msg_id, m.sent_at,
                   m.attachment_id, m.attachment_name, m.attachment_size, m.attachment_type,
                   m.attachment_thumb_width, m.attachment_thumb_height,
                   m.edited_at, m.deleted_at, m.mentions, m.mentions_everyone,
                   u.id AS sender_id, u.username, u.display_name, u.deactivated_at AS sender_deactivated_at,
                   r.id AS reply_id, r.seq AS reply_seq, r.body AS reply_body, r.deleted_at AS reply_deleted_at,
                   ru.id AS reply_sender_id, ru.username AS reply_username, ru.display_name AS reply_display_name""";

    // What SELECT_COLUMNS reads besides m: the sender, and the message replied to with its sender.
    private static final String JOINS = """
            JOIN users u ON u.id = m.sender_id
            LEFT JOIN messages r ON r.id = m.reply_to_id
            LEFT JOIN users ru ON ru.id = r.sender_id
            """;

    private static final String SELECT = SELECT_COLUMNS + "\nFROM messages m " + JOINS;

    private final JdbcClient jdbc;

    MessageStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The pool's client, for reads outside a write. */
    JdbcClient jdbc() {
        return jdbc;
    }

    /**
     * One message row as the writer inserts it. New columns go here and in {@link #COLUMNS}
     * and {@link #bind}, nowhere else. {@code mentions} is the column's text ({@link
     * Mentions.Resolved#column}), null for none.
     */
    record MessageRow(
            long conversationId,
            long seq,
            long senderId,
            String body,
            String clientMsgId,
            Attachment attachment,
            long sentAt,
            Long replyToId,
            String mentions,
            boolean mentionsEveryone) {}

    private static final String COLUMNS = """
            conversation_id, seq, sender_id, body, client_msg_id, sent_at,
            attachment_id, attachment_name, attachment_size, attachment_type,
            attachment_thumb_width, attachment_thumb_height,
            reply_to_id, mentions, mentions_everyone""";

    private static final int COLUMN_COUNT = 15;

    private static final String ROW_PLACEHOLDERS =
            "(" + String.join(", ", Collections.nCopies(COLUMN_COUNT, "?")) + ")";

    // Rows per INSERT: a batch of 256 sends is two statements, and 15 columns times this stays
    // far below both databases' limit on parameters per statement (SQLite 32,766).
    private static final int ROWS_PER_INSERT = 128;

    // Each column's JDBC type, in COLUMNS order: a null needs it.
    private static final int[] TYPES = {
        Types.BIGINT, Types.BIGINT, Types.BIGINT, Types.VARCHAR, Types.VARCHAR, Types.BIGINT, Types.BIGINT,
        Types.VARCHAR, Types.BIGINT, Types.VARCHAR, Types.INTEGER, Types.INTEGER, Types.BIGINT, Types.VARCHAR,
        Types.BOOLEAN
    };

    // The same types as PostgreSQL arrays, for the one-statement insert.
    private static final String[] ARRAY_TYPES = {
        "bigint", "bigint", "bigint", "text", "varchar", "bigint", "bigint", "varchar", "bigint", "varchar", "int4",
        "int4", "bigint", "varchar", "boolean"
    };

    private static final String INSERT_ARRAYS = "INSERT INTO messages (" + COLUMNS + ") SELECT * FROM unnest("
            + String.join(
                    ", ",
                    java.util.Arrays.stream(ARRAY_TYPES)
                            .map(t -> "?::" + t + "[]")
                            .toList())
            + ") RETURNING conversation_id, seq, id";

    private static Object[] values(MessageRow row) {
        Attachment a = row.attachment();
        Attachment.Thumbnail thumb = a == null ? null : a.thumbnail();
        return new Object[] {
            row.conversationId(),
            row.seq(),
            row.senderId(),
            row.body(),
            row.clientMsgId(),
            row.sentAt(),
            a == null ? null : a.fileId(),
            a == null ? null : a.name(),
            a == null ? null : a.size(),
            a == null ? null : a.type(),
            thumb == null ? null : thumb.width(),
            thumb == null ? null : thumb.height(),
            row.replyToId(),
            row.mentions(),
            row.mentionsEveryone()
        };
    }

    private static void bind(MessageRow row, List<Object> params) {
        Object[] values = values(row);
        for (int i = 0; i < COLUMN_COUNT; i++) {
            params.add(values[i] == null ? new SqlParameterValue(TYPES[i], null) : values[i]);
        }
    }

    /**
     * Inserts the rows with multi-row INSERTs and returns their ids in the rows' order. The ids
     * come back with their (conversation, seq), which is unique, so the order in which the
     * database returns them does not matter.
     */
    long[] insertAll(WriteTx writeTx, List<MessageRow> rows) {
        return insertAll(writeTx, rows, null);
    }

    /**
     * {@link #insertAll}, on PostgreSQL with {@code with} (another feature's changes, or null)
     * run by the same statement. On SQLite {@code with} must be null.
     */
    long[] insertAll(WriteTx writeTx, List<MessageRow> rows, WriteTx.With with) {
        if (writeTx.postgres()) {
            return insertAsArrays(writeTx, rows, with);
        }
        if (with != null) {
            throw new IllegalArgumentException("WITH clauses are for PostgreSQL");
        }
        JdbcClient tx = writeTx.jdbc();
        long[] ids = new long[rows.size()];
        int from = 0;
        while (from < rows.size()) {
            List<MessageRow> chunk = rows.subList(from, from + WriteTx.chunkRows(rows.size() - from, ROWS_PER_INSERT));
            List<Object> params = new ArrayList<>(chunk.size() * COLUMN_COUNT);
            Map<Long, Map<Long, Integer>> index = new HashMap<>();
            for (int i = 0; i < chunk.size(); i++) {
                MessageRow row = chunk.get(i);
                bind(row, params);
                index.computeIfAbsent(row.conversationId(), c -> new HashMap<>())
                        .put(row.seq(), from + i);
            }
            tx.sql("INSERT INTO messages (" + COLUMNS + ") VALUES "
                            + String.join(", ", Collections.nCopies(chunk.size(), ROW_PLACEHOLDERS))
                            + " RETURNING conversation_id, seq, id")
                    .params(params)
                    .query(rs -> {
                        ids[index.get(rs.getLong(1)).get(rs.getLong(2))] = rs.getLong(3);
                    });
            from += chunk.size();
        }
        return ids;
    }

    /**
     * PostgreSQL: the rows as one array per column, unnested into one INSERT: a single round
     * trip and a single prepared statement for any number of rows, where the multi-row INSERTs
     * take one round trip per power-of-two chunk (a batch of 63 sends took six).
     */
    private static long[] insertAsArrays(WriteTx tx, List<MessageRow> rows, WriteTx.With with) {
        Object[][] columns = new Object[COLUMN_COUNT][rows.size()];
        Map<Long, Map<Long, Integer>> index = new HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            MessageRow row = rows.get(r);
            Object[] values = values(row);
            for (int c = 0; c < COLUMN_COUNT; c++) {
                columns[c][r] = values[c];
            }
            index.computeIfAbsent(row.conversationId(), c -> new HashMap<>()).put(row.seq(), r);
        }
        List<Object> params = new ArrayList<>();
        if (with != null) {
            params.addAll(with.params());
        }
        for (int c = 0; c < COLUMN_COUNT; c++) {
            params.add(tx.array(ARRAY_TYPES[c], columns[c]));
        }
        long[] ids = new long[rows.size()];
        String sql = with == null ? INSERT_ARRAYS : "WITH " + with.sql() + "\n" + INSERT_ARRAYS;
        tx.jdbc().sql(sql).params(params).query(rs -> {
            ids[index.get(rs.getLong(1)).get(rs.getLong(2))] = rs.getLong(3);
        });
        return ids;
    }

    /** The sender and client id a retried send is recognised by. */
    record ClientKey(long senderId, String clientMsgId) {}

    /**
     * The query that finds the messages already stored under any of these client ids (into
     * {@code found}), for the writer to run with its other reads ({@link WriteTx#readTogether}):
     * a batch of sends checks all its keys at once. On SQLite the keys are a VALUES list joined
     * in FROM, so SQLite probes the unique index; on PostgreSQL one array per column, one
     * statement text for any number of keys.
     */
    WriteTx.Read byClientIds(WriteTx tx, Collection<ClientKey> keys, Map<ClientKey, Message> found) {
        List<Object> params = new ArrayList<>();
        String source;
        if (tx.postgres()) {
            Object[] senders = new Object[keys.size()];
            Object[] clientIds = new Object[keys.size()];
            int i = 0;
            for (ClientKey key : keys) {
                senders[i] = key.senderId();
                clientIds[i++] = key.clientMsgId();
            }
            params.add(tx.array("bigint", senders));
            params.add(tx.array("varchar", clientIds));
            source = "unnest(?::bigint[], ?::varchar[]) AS k(column1, column2)";
        } else {
            int rows = WriteTx.paddedRows(keys.size());
            keys.forEach(key -> {
                params.add(key.senderId());
                params.add(key.clientMsgId());
            });
            while (params.size() < rows * 2) {
                params.add(params.get(params.size() - 2));
                params.add(params.get(params.size() - 2));
            }
            source = "(VALUES " + String.join(", ", Collections.nCopies(rows, "(?, ?)")) + ") k";
        }
        return new WriteTx.Read(
                SELECT_COLUMNS + " FROM " + source
                        + " JOIN messages m ON m.sender_id = k.column1 AND m.client_msg_id = k.column2\n" + JOINS,
                params,
                rs -> {
                    Message message = map(rs, 0);
                    found.put(new ClientKey(message.sender().id(), message.clientMsgId()), message);
                });
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
                new Sender(
                        rs.getLong("sender_id"),
                        rs.getString("username"),
                        rs.getString("display_name"),
                        rs.getObject("sender_deactivated_at") != null),
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
