package org.tidings.stream;

import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rewrites persisted events in place, for erasure: a deleted message's text must not come back
 * to a client replaying from an old cursor. The position, type and recipients of an event never
 * change, so replay stays gapless and in order; only what it says does.
 */
@Component
public class StoredEvents {

    /** A persisted event of a conversation, its payload parsed. */
    public record Stored(long position, String type, JsonNode data) {}

    private final EventJson json;
    private final JsonMapper mapper;

    StoredEvents(EventJson json, JsonMapper mapper) {
        this.json = json;
        this.mapper = mapper;
    }

    /**
     * The conversation's events of this type committed at {@code createdAt} (the commit time a
     * write shares with everything it stores, so a message's {@code sent_at} finds the event that
     * announced it through the {@code created_at} index, without a column linking the two).
     */
    public List<Stored> committedAt(WriteTx tx, long conversationId, String type, long createdAt) {
        return tx.jdbc()
                .sql("""
                        SELECT position, type, payload FROM stream_events
                        WHERE created_at = ? AND conversation_id = ? AND type = ?""")
                .params(createdAt, conversationId, type)
                .query((rs, n) -> new Stored(rs.getLong(1), rs.getString(2), mapper.readTree(rs.getString(3))))
                .list();
    }

    /** The same for events of one user's own stream. */
    public List<Stored> committedAtForUser(WriteTx tx, long userId, String type, long createdAt) {
        return tx.jdbc()
                .sql("""
                        SELECT position, type, payload FROM stream_events
                        WHERE created_at = ? AND user_id = ? AND type = ?""")
                .params(createdAt, userId, type)
                .query((rs, n) -> new Stored(rs.getLong(1), rs.getString(2), mapper.readTree(rs.getString(3))))
                .list();
    }

    /** The event at {@code position}, if it is still kept (retention may have pruned it). */
    public java.util.Optional<Stored> at(WriteTx tx, long position) {
        return tx.jdbc()
                .sql("SELECT position, type, payload FROM stream_events WHERE position = ?")
                .param(position)
                .query((rs, n) -> new Stored(rs.getLong(1), rs.getString(2), mapper.readTree(rs.getString(3))))
                .optional();
    }

    /** Replaces what the event at {@code position} says. */
    public void replace(WriteTx tx, long position, Object data) {
        tx.storedEventsChanged();
        tx.jdbc()
                .sql("UPDATE stream_events SET payload = ? WHERE position = ?")
                .params(json.payload(data), position)
                .update();
    }
}
