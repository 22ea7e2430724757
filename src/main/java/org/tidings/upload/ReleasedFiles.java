package org.tidings.upload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tidings.chat.AttachmentReleased;

/**
 * Erases a file once the last message carrying it was deleted: its bytes, its thumbnail, its
 * record and the finished upload it came from (which still names it). Runs in the deleting
 * request, after its commit and before the database's log is flushed, so the name goes too.
 */
@Component
class ReleasedFiles {

    private static final Logger log = LoggerFactory.getLogger(ReleasedFiles.class);

    private final FileStore files;
    private final UploadSettings settings;
    private final JdbcClient jdbc;

    ReleasedFiles(FileStore files, UploadSettings settings, JdbcClient jdbc) {
        this.files = files;
        this.settings = settings;
        this.jdbc = jdbc;
    }

    @EventListener
    void released(AttachmentReleased event) {
        files.find(event.fileId()).ifPresent(file -> {
            Uploads.delete(settings.file(file.storageKey()));
            Uploads.delete(settings.thumbnail(file.storageKey()));
            Uploads.delete(settings.incoming(file.storageKey()));
            // The attaching job's result repeats the file's name.
            jdbc.sql("UPDATE jobs SET result = NULL WHERE id = (SELECT job_id FROM uploads WHERE id = ?)")
                    .param(file.storageKey())
                    .update();
            jdbc.sql("DELETE FROM uploads WHERE id = ?")
                    .param(file.storageKey())
                    .update();
            jdbc.sql("DELETE FROM files WHERE id = ?").param(file.id()).update();
            log.info("file erased file={}", file.id());
        });
    }
}
