package org.tidings.moderation;

import java.util.Map;
import org.springframework.stereotype.Component;
import org.tidings.audit.AuditLog;
import org.tidings.chat.ModeratorAccess;
import org.tidings.job.JobContext;
import org.tidings.job.JobType;
import org.tidings.profile.Avatars;

/**
 * Erasing a user, as a background job with progress on the administrator's stream: every message
 * they sent becomes a tombstone with exactly the guarantees of deleting it (text gone from the row,
 * its versions, the stored events and reply previews; attachments' files deleted once no message
 * refers to them), and their avatar's files are deleted. The account is deactivated first, so nothing new arrives while it runs. A retry
 * after a crash picks up where the last run stopped: it erases what is not erased yet.
 */
@Component
class UserErasure implements JobType {

    static final String TYPE = "erase-user";
    private static final int BATCH = 200;

    record Params(long userId, String reason) {}

    private final ModeratorAccess messages;
    private final AuditLog audit;
    private final Avatars avatars;

    // Not Jobs or anything that starts jobs: the job runner is built from the job types.
    UserErasure(ModeratorAccess messages, AuditLog audit, Avatars avatars) {
        this.messages = messages;
        this.audit = audit;
        this.avatars = avatars;
    }

    @Override
    public String name() {
        return TYPE;
    }

    @Override
    public Finish run(JobContext job) {
        long userId = job.params().path("userId").asLong();
        long total = messages.countUndeletedBy(userId);
        job.progress(0, total, "erasing messages");
        long erased = messages.eraseAll(job.ownerId(), () -> messages.undeletedBy(userId, BATCH), done -> {
            job.checkCancelled();
            job.progress(done, Math.max(total, done), "erasing messages");
        });
        // Their picture goes too (idempotent, so a retried job does it again harmlessly).
        avatars.remove(userId);
        String reason = job.params().path("reason").asString(null);
        return tx -> {
            audit.record(tx.jdbc(), new AuditLog.Action(job.ownerId(), "user.erase", "user", userId, reason));
            return Map.of("userId", userId, "messagesErased", erased);
        };
    }
}
