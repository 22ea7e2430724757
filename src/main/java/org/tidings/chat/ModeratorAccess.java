package org.tidings.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
}
