package org.tidings.social;

import java.util.List;
import org.springframework.stereotype.Component;
import org.tidings.stream.EventLog;
import org.tidings.web.ApiException;

/**
 * Which messages of a conversation notify a member. A change reaches all of that member's tabs
 * and devices as {@code conversation.notifications} on their own stream, so every client shows the same
 * badge and notifies the same way.
 */
@Component
class NotificationLevels {

    static final List<String> LEVELS = List.of("all", "mentions", "none");

    /** What {@code conversation.notifications} says. */
    record Changed(long conversationId, String notifications) {}

    private final EventLog log;
    private final Conversations conversations;

    NotificationLevels(EventLog log, Conversations conversations) {
        this.log = log;
        this.conversations = conversations;
    }

    Changed set(long userId, long conversationId, String level) {
        if (level == null || !LEVELS.contains(level)) {
            throw ApiException.badRequest("invalid_notifications", "notifications is all, mentions or none");
        }
        return log.write(tx -> {
            conversations.requireMember(tx, conversationId, userId);
            int changed = tx.jdbc()
                    .sql("UPDATE conversation_members SET notifications = ? WHERE conversation_id = ? AND user_id = ?"
                            + " AND notifications <> ?")
                    .params(level, conversationId, userId, level)
                    .update();
            Changed result = new Changed(conversationId, level);
            if (changed > 0) {
                tx.emitToUser(userId, "conversation.notifications", result);
            }
            return result;
        });
    }
}
