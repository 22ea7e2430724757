package org.tidings.upload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.tidings.chat.AttachmentReleased;
import org.tidings.stream.EventLog;
import org.tidings.stream.StoredEvents;
import org.tidings.stream.WriteTx;
import tools.jackson.databind.node.ObjectNode;

/**
 * Erases a file once the last message carrying it was deleted: its bytes, its thumbnail, its
 * record, the finished upload it came from, and its name where the attaching job left it (the
 * job's result and the {@code job.finished} event on its owner's stream). Runs in the deleting
 * request, after its commit and before the database's log is flushed, so the name goes too.
 */
@Component
class ReleasedFiles {

    private static final Logger log = LoggerFactory.getLogger(ReleasedFiles.class);

    private final FileStore files;
    private final UploadSettings settings;
    private final EventLog eventLog;
    private final StoredEvents events;

    ReleasedFiles(FileStore files, UploadSettings settings, EventLog eventLog, StoredEvents events) {
        this.files = files;
        this.settings = settings;
        this.eventLog = eventLog;
        this.events = events;
    }

    @EventListener
    void released(AttachmentReleased event) {
        files.find(event.fileId()).ifPresent(file -> {
            Uploads.delete(settings.file(file.storageKey()));
            Uploads.delete(settings.thumbnail(file.storageKey()));
            Uploads.delete(settings.incoming(file.storageKey()));
            eventLog.write(tx -> {
                forgetJobResult(tx, file.storageKey());
                tx.jdbc()
                        .sql("DELETE FROM uploads WHERE id = ?")
                        .param(file.storageKey())
                        .update();
                tx.jdbc().sql("DELETE FROM files WHERE id = ?").param(file.id()).update();
                return null;
            });
            log.info("file erased file={}", file.id());
        });
    }

    private void forgetJobResult(WriteTx tx, String uploadId) {
        record Finished(long id, long ownerId, long finishedAt) {}
        tx.jdbc()
                .sql("""
                        SELECT j.id, j.owner_id, j.finished_at FROM jobs j JOIN uploads u ON u.job_id = j.id
                        WHERE u.id = ? AND j.finished_at IS NOT NULL""")
                .param(uploadId)
                .query((rs, n) -> new Finished(rs.getLong(1), rs.getLong(2), rs.getLong(3)))
                .optional()
                .ifPresent(job -> {
                    tx.jdbc()
                            .sql("UPDATE jobs SET result = NULL WHERE id = ?")
                            .param(job.id())
                            .update();
                    for (StoredEvents.Stored stored :
                            events.committedAtForUser(tx, job.ownerId(), "job.finished", job.finishedAt())) {
                        if (stored.data().path("id").asLong() == job.id() && stored.data() instanceof ObjectNode data) {
                            data.remove("result");
                            events.replace(tx, stored.position(), data);
                        }
                    }
                });
    }
}
