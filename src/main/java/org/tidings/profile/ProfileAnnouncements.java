package org.tidings.profile;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.tidings.social.Conversations;
import org.tidings.stream.WriteTx;

/**
 * The {@code user.updated} event: a user's profile as a write commits it (display name, status,
 * avatar version, whether the account is deactivated), to the user and their contacts. Profile
 * changes send it, and so does deactivating or reactivating an account, so others see the mark.
 */
@Component
public class ProfileAnnouncements {

    private final Conversations conversations;

    ProfileAnnouncements(Conversations conversations) {
        this.conversations = conversations;
    }

    /**
     * The user and their contacts (friends and fellow group members). Read outside the write: the
     * writer is shared, and who the contacts are can race with a friendship anyway (a new friend
     * gets the profile with the friendship).
     */
    public Set<Long> audience(long userId) {
        Set<Long> recipients = new HashSet<>(conversations.contactsOf(userId));
        recipients.add(userId);
        return recipients;
    }

    /** Emits the profile as {@code tx} sees it to each recipient. */
    public void announce(WriteTx tx, long userId, Set<Long> recipients) {
        Map<String, Object> event = tx.jdbc()
                .sql("SELECT id, display_name, status, avatar_version, deactivated_at FROM users WHERE id = ?")
                .param(userId)
                .query((rs, n) -> Map.<String, Object>of(
                        "userId", rs.getLong(1),
                        "displayName", rs.getString(2),
                        "status", rs.getString(3),
                        "avatarVersion", rs.getLong(4),
                        "deactivated", rs.getObject(5) != null))
                .single();
        for (long recipient : recipients) {
            tx.emitToUser(recipient, "user.updated", event);
        }
    }
}
