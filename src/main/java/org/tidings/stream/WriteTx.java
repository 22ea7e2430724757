package org.tidings.stream;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGStatement;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.ArgumentPreparedStatementSetter;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One write inside the writer's current transaction. Everything a write changes and every event
 * it emits commit together, or not at all: an event is never visible for a change that did not
 * happen, and a change never happens without its event.
 */
public final class WriteTx {

    private static final long[] NO_RECIPIENTS = new long[0];

    /**
     * Takes the head's row lock: it serialises writers across nodes, so positions commit in
     * order. RETURNING reads the head in the same round trip.
     */
    private static final String LOCK_HEAD =
            "UPDATE stream_head SET position = position WHERE id = 1 RETURNING position";

    private static final String INSERT_EVENT =
            "INSERT INTO stream_events (position, user_id, conversation_id, type, payload, created_at) VALUES (?, ?, ?, ?, ?, ?)";

    /**
     * An event row not inserted yet: the writer inserts them in one JDBC batch per write. Its
     * user or its conversation is 0 (ids start at 1), as the table allows exactly one of them.
     */
    private record EventRow(long position, long userId, long conversationId, String type, String payload) {}

    private final JdbcClient jdbc;
    private final Connection connection;
    private final List<EventRow> unsaved = new ArrayList<>();
    private final SubscriberCache subscribers;
    private final EventJson json;
    private final String epoch;
    private final List<CommittedEvent> emitted = new ArrayList<>();
    private final long now;
    private final boolean withRecipients;
    private boolean storedEventsChanged;
    private final boolean postgres;
    // Unknown (-1) until the head's lock is taken, before the transaction's first statement.
    private long head = -1;
    private long position = -1;
    private boolean locked;

    /** A query a write reads rows with: {@link #readTogether} runs several in one round trip. */
    public record Read(String sql, List<Object> params, RowCallbackHandler rows) {}

    /**
     * WITH clauses (without the keyword) that one feature hands another to put in front of its
     * statement, so both features' changes go in one round trip (PostgreSQL runs a
     * data-modifying WITH whether or not the statement reads it).
     */
    public record With(String sql, List<Object> params) {}

    WriteTx(
            JdbcClient jdbc,
            Connection connection,
            EventJson json,
            SubscriberCache subscribers,
            String epoch,
            long now,
            boolean withRecipients,
            boolean postgres) {
        this.jdbc = jdbc;
        this.connection = connection;
        this.subscribers = subscribers;
        this.json = json;
        this.epoch = epoch;
        this.now = now;
        this.withRecipients = withRecipients;
        this.postgres = postgres;
    }

    /**
     * Whether the database is PostgreSQL, where each statement is a round trip: a write may
     * then prefer one statement over several (SQLite runs them in process).
     */
    public boolean postgres() {
        return postgres;
    }

    /** A PostgreSQL array of {@code type} to bind as one parameter (nulls allowed). */
    public Array array(String type, Object[] elements) {
        try {
            return connection.createArrayOf(type, elements);
        } catch (SQLException e) {
            throw new UncategorizedSQLException("array of " + type, null, e);
        }
    }

    /** The transaction's JDBC access; use it for every statement of the write. */
    public JdbcClient jdbc() {
        lockHead();
        return jdbc;
    }

    /**
     * Takes the head's row lock and reads the head, unless this transaction already has: every
     * statement of the transaction runs after it ({@link #jdbc}, {@link #batch}, the emits and
     * {@link #readTogether}, which sends it along with its queries).
     */
    void lockHead() {
        if (!locked) {
            headLocked(jdbc.sql(LOCK_HEAD).query(Long.class).single());
        }
    }

    private void headLocked(long at) {
        head = at;
        position = at;
        locked = true;
    }

    /**
     * Runs the queries in order, each handing its rows to its handler. On PostgreSQL they go as
     * one statement text, so all of them (and the head's lock first, if the transaction has not
     * taken it yet) cost one round trip, where each statement would be one. They are planned
     * for each batch's own parameters rather than once for all: a plan kept from the first
     * batches, when the tables were nearly empty, would go on scanning a whole table that has
     * grown since (a lookup of a batch's client ids scanned all messages rather than probe the
     * unique index). On SQLite they run one after another.
     */
    public void readTogether(List<Read> reads) {
        if (!postgres || reads.isEmpty()) {
            lockHead();
            reads.forEach(read -> jdbc.sql(read.sql()).params(read.params()).query(read.rows()));
            return;
        }
        boolean lock = !locked;
        List<String> texts = new ArrayList<>(reads.size() + 1);
        List<Object> params = new ArrayList<>();
        if (lock) {
            texts.add(LOCK_HEAD);
        }
        for (Read read : reads) {
            texts.add(read.sql());
            params.addAll(read.params());
        }
        String sql = String.join(";\n", texts);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            if (statement.isWrapperFor(PGStatement.class)) {
                statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
            new ArgumentPreparedStatementSetter(params.toArray()).setValues(statement);
            boolean hasRows = statement.execute();
            if (lock) {
                try (ResultSet rows = nextRows(statement, hasRows)) {
                    rows.next();
                    headLocked(rows.getLong(1));
                }
                hasRows = statement.getMoreResults();
            }
            for (Read read : reads) {
                try (ResultSet rows = nextRows(statement, hasRows)) {
                    while (rows.next()) {
                        read.rows().processRow(rows);
                    }
                }
                hasRows = statement.getMoreResults();
            }
        } catch (SQLException e) {
            throw new UncategorizedSQLException("read together", sql, e);
        }
    }

    /** The statement's next result that is rows, skipping update counts. */
    private static ResultSet nextRows(PreparedStatement statement, boolean hasRows) throws SQLException {
        while (!hasRows) {
            if (statement.getUpdateCount() == -1) {
                throw new SQLException("fewer results than queries");
            }
            hasRows = statement.getMoreResults();
        }
        return statement.getResultSet();
    }

    /**
     * Runs {@code sql} once per row as one JDBC batch (a single round trip on PostgreSQL): for
     * a write that changes many rows the same way.
     */
    public void batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        lockHead();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    statement.setObject(i + 1, row[i]);
                }
                statement.addBatch();
            }
            statement.executeBatch();
        } catch (SQLException e) {
            throw new UncategorizedSQLException("batch", sql, e);
        }
    }

    /**
     * How many rows a statement's {@code VALUES} list gets for {@code keys} keys: the next power
     * of two, the last key repeated to fill it. A statement written out per batch size then has
     * a few shapes, which the writer keeps prepared, instead of one per size.
     */
    public static int paddedRows(int keys) {
        return keys <= 1 ? 1 : Integer.highestOneBit(keys - 1) << 1;
    }

    /**
     * Rows for the next of a few multi-row INSERTs that store {@code remaining} rows: the largest
     * power of two not above it or {@code max} (itself a power of two), for the same reason.
     */
    public static int chunkRows(int remaining, int max) {
        return Integer.highestOneBit(Math.min(remaining, max));
    }

    /** The commit time shared by everything in this transaction, in epoch milliseconds. */
    public long now() {
        return now;
    }

    /** Emits an event to one user's stream; returns its position. */
    public long emitToUser(long userId, String type, Object data) {
        lockHead();
        long at = ++position;
        String payload = json.payload(data);
        unsaved.add(new EventRow(at, userId, 0, type, payload));
        emitted.add(new CommittedEvent(frame(at, type, payload), new long[] {userId}));
        return at;
    }

    /**
     * Emits an event to everyone subscribed to the conversation at this moment (stored once,
     * however many members there are); returns its position.
     */
    public long emitToConversation(long conversationId, String type, Object data) {
        emitToConversationAsJson(conversationId, type, data);
        return position;
    }

    /**
     * Emits like {@link #emitToConversation} and returns the event's data as JSON, for a reply
     * that carries the same data: it is serialised once, not again for the reply.
     */
    public String emitToConversationAsJson(long conversationId, String type, Object data) {
        lockHead();
        long at = ++position;
        String payload = json.payload(data);
        unsaved.add(new EventRow(at, 0, conversationId, type, payload));
        long[] recipients = withRecipients ? subscribers.get(conversationId, this::loadSubscribers) : NO_RECIPIENTS;
        emitted.add(new CommittedEvent(frame(at, type, payload), recipients));
        return payload;
    }

    private long[] loadSubscribers(long conversationId) {
        return jdbc()
                .sql("SELECT user_id FROM stream_subscriptions WHERE conversation_id = ? AND to_position IS NULL")
                .param(conversationId)
                .query(Long.class)
                .list()
                .stream()
                .mapToLong(Long::longValue)
                .toArray();
    }

    /** From the next event on, the user's stream includes this conversation's events. */
    public void subscribe(long userId, long conversationId) {
        subscribers.forget(conversationId);
        boolean open =
                jdbc().sql("""
                        SELECT COUNT(*) FROM stream_subscriptions
                        WHERE user_id = ? AND conversation_id = ? AND to_position IS NULL""").params(userId, conversationId).query(Long.class).single() > 0;
        if (!open) {
            jdbc.sql("""
                            INSERT INTO stream_subscriptions (user_id, conversation_id, from_position)
                            VALUES (?, ?, ?)""").params(userId, conversationId, position + 1).update();
        }
    }

    /** After the events emitted so far, the user's stream no longer includes the conversation. */
    public void unsubscribe(long userId, long conversationId) {
        subscribers.forget(conversationId);
        jdbc().sql("""
                        UPDATE stream_subscriptions SET to_position = ?
                        WHERE user_id = ? AND conversation_id = ? AND to_position IS NULL""").params(position, userId, conversationId).update();
    }

    private Frame frame(long at, String type, String payload) {
        return EventJson.persisted(new Cursor(epoch, at).encode(), at, type, payload);
    }

    long position() {
        return position;
    }

    /** The position before this transaction's first event. */
    long head() {
        return head;
    }

    int mark() {
        return emitted.size();
    }

    /** Forgets what a failed write emitted, so positions stay gapless. */
    void rollbackTo(int mark, long markPosition) {
        emitted.subList(mark, emitted.size()).clear();
        unsaved.clear();
        position = markPosition;
    }

    /**
     * Inserts the events emitted since the last flush, in one JDBC batch (one multi-row insert
     * on PostgreSQL with {@code reWriteBatchedInserts}). The writer calls it at the end of each
     * write or group, inside its savepoint, so a write that reads the log sees what the writes
     * before it emitted.
     */
    void flush() {
        if (unsaved.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENT)) {
            for (EventRow row : unsaved) {
                insert.setLong(1, row.position());
                if (row.userId() != 0) {
                    insert.setLong(2, row.userId());
                    insert.setNull(3, Types.BIGINT);
                } else {
                    insert.setNull(2, Types.BIGINT);
                    insert.setLong(3, row.conversationId());
                }
                insert.setString(4, row.type());
                insert.setString(5, row.payload());
                insert.setLong(6, now);
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new UncategorizedSQLException("insert stream events", INSERT_EVENT, e);
        }
        unsaved.clear();
    }

    /** Moves the head past this transaction's events, if it emitted any. */
    void moveHead() {
        if (position != head) {
            jdbc.sql("UPDATE stream_head SET position = ? WHERE id = 1")
                    .param(position)
                    .update();
        }
    }

    /**
     * {@link #flush} then {@link #moveHead}, for the transaction's last write. On PostgreSQL
     * in one statement (the head's update as a data-modifying WITH, the events as one array per
     * column) sent together with the COMMIT, so the three cost one round trip; the writer's
     * {@code commit()} after it then has nothing left to do (the driver skips it when no
     * transaction is open). If the statement fails, the COMMIT is not run and the transaction
     * is rolled back as after any failed write. On SQLite, or with no events, the writer
     * commits afterwards as usual.
     */
    void flushMoveHeadAndCommit() {
        if (!postgres || unsaved.isEmpty()) {
            flush();
            moveHead();
            return;
        }
        int n = unsaved.size();
        Object[] positions = new Object[n];
        Object[] users = new Object[n];
        Object[] conversations = new Object[n];
        Object[] types = new Object[n];
        Object[] payloads = new Object[n];
        for (int i = 0; i < n; i++) {
            EventRow row = unsaved.get(i);
            positions[i] = row.position();
            users[i] = row.userId() == 0 ? null : row.userId();
            conversations[i] = row.conversationId() == 0 ? null : row.conversationId();
            types[i] = row.type();
            payloads[i] = row.payload();
        }
        jdbc.sql("""
                        WITH moved AS (UPDATE stream_head SET position = ? WHERE id = 1)
                        INSERT INTO stream_events (position, user_id, conversation_id, type, payload, created_at)
                        SELECT e.position, e.user_id, e.conversation_id, e.type, e.payload, ?
                        FROM unnest(?::bigint[], ?::bigint[], ?::bigint[], ?::varchar[], ?::text[])
                            AS e(position, user_id, conversation_id, type, payload);
                        COMMIT""")
                .params(
                        position,
                        now,
                        array("bigint", positions),
                        array("bigint", users),
                        array("bigint", conversations),
                        array("varchar", types),
                        array("text", payloads))
                .update();
        unsaved.clear();
    }

    List<CommittedEvent> emitted() {
        return emitted;
    }

    /** Marks that this transaction rewrote or deleted stored events (erasure, pruning). */
    void storedEventsChanged() {
        storedEventsChanged = true;
    }

    /** True when the hub's recent events may differ from the database after this commit. */
    boolean changedStoredEvents() {
        return storedEventsChanged;
    }
}
