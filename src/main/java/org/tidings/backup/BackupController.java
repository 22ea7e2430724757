package org.tidings.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;
import org.tidings.job.Jobs;
import org.tidings.stream.EventLog;
import org.tidings.web.ApiException;

/**
 * Backups from the client (administrators only: SecurityConfig guards /api/admin/): start one as a
 * job, list the archives, download one.
 */
@RestController
class BackupController {

    private final BackupArchives archives;
    private final EventLog log;
    private final Jobs jobs;

    BackupController(BackupArchives archives, EventLog log, Jobs jobs) {
        this.archives = archives;
        this.log = log;
        this.jobs = jobs;
    }

    record Started(long jobId, String name) {}

    @PostMapping("/api/admin/backups")
    ResponseEntity<Started> start(@AuthenticationPrincipal AuthenticatedUser me) {
        if (!archives.supported()) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "backup_not_supported",
                    "This server stores in PostgreSQL: back it up with pg_dump and a copy of the uploads"
                            + " directory (docs/deployment.md, Backups)",
                    Map.of("docs", "docs/deployment.md#backups"));
        }
        String name = archives.newName(Instant.now());
        Long id = log.write(tx -> {
            boolean pending = tx.jdbc()
                            .sql("SELECT COUNT(*) FROM jobs WHERE type = ? AND state IN ('queued', 'running')")
                            .param(BackupJob.TYPE)
                            .query(Long.class)
                            .single()
                    > 0;
            return pending ? null : jobs.enqueue(tx, BackupJob.TYPE, me.id(), Map.of("name", name));
        });
        if (id == null) {
            throw ApiException.conflict("backup_running", "A backup is queued or running");
        }
        jobs.wake();
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Started(id, name));
    }

    @GetMapping("/api/admin/backups")
    List<BackupArchives.Archive> list() {
        return archives.list();
    }

    @GetMapping("/api/admin/backups/{name}")
    ResponseEntity<Resource> download(@PathVariable String name) {
        if (!BackupArchives.validName(name)) {
            throw ApiException.badRequest("invalid_backup_name", "Backup names look like tidings-<timestamp>.zip");
        }
        var file = archives.find(name).orElseThrow(() -> ApiException.notFound("Backup"));
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .body(new FileSystemResource(file));
    }
}
