package org.tidings.stream;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One write inside the writer's current transaction. Everything a write changes and every event
 * it emits commit together, or not at all: an event is never visible for a change that did not
 * happen, and a change never happens without its event.
 */
public final class WriteTx {

    private static final long[] NO_RECIPIENTS = new long[0];

    private final JdbcClient jdbc;
    private final SubscriberCache subscribers;
    private final EventJson json;
    private final String epoch;
    private final List<CommittedEvent> emitted = new ArrayList<>();
    private final long now;
    private final boolean withRecipients;
    private long position;

    WriteTx(
            JdbcClient jdbc,
            EventJson json,
            SubscriberCache subscribers,
            String epoch,
            long position,
            long now,
            boolean withRecipients) {
        this.jdbc = jdbc;
        this.subscribers = subscribers;
        this.json = json;
        this.epoch = epoch;
        this.position = position;
        this.now = now;
        this.withRecipients = withRecipients;
    }

    /** The transaction's JDBC access; use it for every statement of the write. */
    public JdbcClient jdbc() {
        return jdbc;
    }

    /** The commit time shared by everything in this transaction, in epoch milliseconds. */
    public long now() {
        return now;
    }

    /** Emits an event to one user's stream; returns its position. */
    public long emitToUser(long userId, String type, Object data) {
        long at = ++position;
        String payload = json.payload(data);
        jdbc.sql("INSERT INTO stream_events (position, user_id, type, payload, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(at, userId, type, payload, now)
                .update();
        emitted.add(new CommittedEvent(frame(at, type, payload), new long[] {userId}));
        return at;
    }

    /**
     * Emits an event to everyone subscribed to the conversation at this moment (stored once,
     * however many members there are); returns its position.
     */
    public long emitToConversation(long conversationId, String type, Object data) {
        long at = ++position;
        String payload = json.payload(data);
        jdbc.sql("""
                        INSERT INTO stream_events (position, conversation_id, type, payload, created_at)
                        VALUES (?, ?, ?, ?, ?)""").params(at, conversationId, type, payload, now).update();
        long[] recipients = withRecipients ? subscribers.get(conversationId, this::loadSubscribers) : NO_RECIPIENTS;
        emitted.add(new CommittedEvent(frame(at, type, payload), recipients));
        return at;
    }

    private long[] loadSubscribers(long conversationId) {
        return jdbc
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
                jdbc.sql("""
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
        jdbc.sql("""
                        UPDATE stream_subscriptions SET to_position = ?
                        WHERE user_id = ? AND conversation_id = ? AND to_position IS NULL""").params(position, userId, conversationId).update();
    }

    private Frame frame(long at, String type, String payload) {
        return EventJson.persisted(new Cursor(epoch, at).encode(), at, type, payload);
    }

    long position() {
        return position;
    }

    int mark() {
        return emitted.size();
    }

    /** Forgets what a failed write emitted, so positions stay gapless. */
    void rollbackTo(int mark, long markPosition) {
        emitted.subList(mark, emitted.size()).clear();
        position = markPosition;
    }

    List<CommittedEvent> emitted() {
        return emitted;
    }
}
