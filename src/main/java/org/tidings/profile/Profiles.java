package org.tidings.profile;

import java.util.Set;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tidings.account.ProfileChanges;
import org.tidings.social.Conversations;
import org.tidings.stream.EventLog;
import org.tidings.stream.WriteTx;
import org.tidings.web.ApiException;

/** Changes to the profile columns of users, each committed with its {@code user.updated} events. */
@Component
class Profiles implements ProfileChanges {

    private final EventLog log;
    private final Conversations conversations;
    private final JdbcClient jdbc;
    private final ProfileAnnouncements announcements;

    Profiles(EventLog log, Conversations conversations, JdbcClient jdbc, ProfileAnnouncements announcements) {
        this.log = log;
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.announcements = announcements;
    }

    @Override
    public void change(long userId, String displayName, String status) {
        update(
                userId,
                tx -> tx.jdbc().sql("""
                        UPDATE users SET display_name = COALESCE(?, display_name), status = COALESCE(?, status)
                        WHERE id = ?""").params(displayName, status, userId).update());
    }

    /** Records a new avatar version (0: none). */
    void avatar(long userId, long version) {
        update(
                userId,
                tx -> tx.jdbc()
                        .sql("UPDATE users SET avatar_version = ? WHERE id = ?")
                        .params(version, userId)
                        .update());
    }

    long avatarVersion(long userId) {
        return jdbc.sql("SELECT avatar_version FROM users WHERE id = ?")
                .param(userId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> ApiException.notFound("User"));
    }

    /** Whether {@code reader} may see {@code userId}'s avatar: themself and their contacts. */
    boolean visibleTo(long userId, long reader) {
        return userId == reader || conversations.contactsOf(reader).contains(userId);
    }

    private void update(long userId, Consumer<WriteTx> change) {
        Set<Long> recipients = announcements.audience(userId);
        log.write(tx -> {
            change.accept(tx);
            announcements.announce(tx, userId, recipients);
            return null;
        });
    }
}
