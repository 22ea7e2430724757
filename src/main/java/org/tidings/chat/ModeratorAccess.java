package org.tidings.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * What moderation may do with messages beyond a member's rights: read a reported message and the
 * messages around it, and delete it as an administrator.
 */
@Component
public class ModeratorAccess {

    private final MessageStore store;
    private final MessageDeletion deletion;

    ModeratorAccess(MessageStore store, MessageDeletion deletion) {
        this.store = store;
        this.deletion = deletion;
    }

    public Optional<Message> find(long conversationId, long messageId) {
        return store.find(store.jdbc(), conversationId, messageId);
    }

    /** Up to {@code each} messages before the one at {@code seq}, it, and up to {@code each} after. */
    public List<Message> around(long conversationId, long seq, int each) {
        List<Message> context = new ArrayList<>(store.page(conversationId, seq + 1, each + 1));
        context.addAll(store.pageAfter(conversationId, seq, each));
        return context;
    }

    public void deleteAsAdministrator(long adminId, long conversationId, long messageId, String reason) {
        deletion.deleteAsAdministrator(adminId, conversationId, messageId, reason);
    }

    /** A message to erase: where it is. */
    public record Ref(long conversationId, long id) {}

    /** Up to {@code limit} of the user's messages that are not tombstones yet, oldest first. */
    public List<Ref> undeletedBy(long senderId, int limit) {
        return store.jdbc()
                .sql("SELECT conversation_id, id FROM messages WHERE sender_id = ? AND deleted_at IS NULL"
                        + " ORDER BY id LIMIT ?")
                .params(senderId, limit)
                .query((rs, n) -> new Ref(rs.getLong(1), rs.getLong(2)))
                .list();
    }

    public long countUndeletedBy(long senderId) {
        return store.jdbc()
                .sql("SELECT COUNT(*) FROM messages WHERE sender_id = ? AND deleted_at IS NULL")
                .param(senderId)
                .query(Long.class)
                .single();
    }

    /**
     * Erases batch after batch until {@code next} finds none left, calling {@code afterEach} with
     * the count so far (a job checks for cancellation and reports progress there); returns the count.
     */
    public long eraseAll(long actorId, Supplier<List<Ref>> next, LongConsumer afterEach) {
        long erased = 0;
        for (List<Ref> batch = next.get(); !batch.isEmpty(); batch = next.get()) {
            for (Ref message : batch) {
                erase(actorId, message);
                afterEach.accept(++erased);
            }
        }
        return erased;
    }

    /** Erases like a deletion, without an audit entry of its own (the job that erases has one). */
    public void erase(long actorId, Ref message) {
        deletion.erase(actorId, message.conversationId(), message.id());
    }
}
