package org.tidings.retention;

import java.util.Map;
import org.springframework.stereotype.Component;
import org.tidings.audit.AuditLog;
import org.tidings.chat.ModeratorAccess;
import org.tidings.job.JobContext;
import org.tidings.job.JobType;

/**
 * One retention run: erases every message past its retention at the moment the run started,
 * each exactly as deleting it would (tombstone, text erased from the stored events and reply
 * previews, files deleted once unreferenced). Progress goes to the owning administrator's stream.
 */
@Component
class RetentionJob implements JobType {

    static final String TYPE = "retention";
    private static final int BATCH = 200;

    private final ExpiredMessages expired;
    private final ModeratorAccess messages;
    private final AuditLog audit;

    // Not Jobs or anything that starts jobs: the job runner is built from the job types.
    RetentionJob(ExpiredMessages expired, ModeratorAccess messages, AuditLog audit) {
        this.expired = expired;
        this.messages = messages;
        this.audit = audit;
    }

    @Override
    public String name() {
        return TYPE;
    }

    @Override
    public Finish run(JobContext job) {
        long now = System.currentTimeMillis();
        job.progress(0, null, "erasing expired messages");
        long total = messages.eraseAll(job.ownerId(), () -> expired.at(now, BATCH), done -> {
            job.checkCancelled();
            job.progress(done, null, "erasing expired messages");
        });
        return tx -> {
            audit.record(
                    tx.jdbc(), new AuditLog.Action(job.ownerId(), "retention.run", "server", null, total + " erased"));
            return Map.of("messagesErased", total);
        };
    }
}
