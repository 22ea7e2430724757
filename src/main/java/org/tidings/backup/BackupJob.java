package org.tidings.backup;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.tidings.audit.AuditLog;
import org.tidings.job.JobContext;
import org.tidings.job.JobType;
import tools.jackson.databind.JsonNode;

/**
 * An administrator's backup from the client, as a background job whose progress (bytes archived)
 * goes to their stream. The archive's name is fixed when the job is queued, so a retry after a
 * crash rewrites the same file rather than leaving a second one.
 */
@Component
class BackupJob implements JobType {

    static final String TYPE = "backup";

    private final BackupArchives archives;
    private final AuditLog audit;

    // Not Jobs or anything that starts jobs: the job runner is built from the job types.
    BackupJob(BackupArchives archives, AuditLog audit) {
        this.archives = archives;
        this.audit = audit;
    }

    @Override
    public String name() {
        return TYPE;
    }

    @Override
    public Finish run(JobContext job) throws Exception {
        String name = job.params().path("name").asString();
        long total = Math.max(1, archives.estimate());
        job.progress(0, total, "archiving");
        Backup.Summary summary = archives.write(name, done -> job.progress(done, Math.max(total, done), "archiving"));
        long size = Files.size(archives.pathOf(name));
        List<String> pruned = archives.prune();
        return tx -> {
            audit.record(tx.jdbc(), new AuditLog.Action(job.ownerId(), "server.backup", "server", null, name));
            return Map.of("name", name, "size", size, "files", summary.files(), "pruned", pruned);
        };
    }

    @Override
    public void cleanUp(JsonNode params) {
        String name = params.path("name").asString(null);
        if (BackupArchives.validName(name)) {
            try {
                Files.deleteIfExists(archives.pathOf(name));
            } catch (java.io.IOException e) {
                // Left for the administrator to delete; the job's failure says what happened.
            }
        }
    }
}
