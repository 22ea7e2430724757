package org.tidings.job;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;
import org.tidings.stream.EventLog;
import org.tidings.web.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Start, watch, cancel and collect background jobs. Another user's job is a 404, like no job. */
@RestController
@RequestMapping("/api/jobs")
class JobController {

    // A list shows the newest jobs only: older ones are still reachable by id until retention.
    private static final int LIST_LIMIT = 50;

    private final JobStore store;
    private final JobRunner runner;
    private final JobEnding ending;
    private final Jobs jobs;
    private final EventLog eventLog;
    private final JsonMapper json;

    JobController(JobStore store, JobRunner runner, JobEnding ending, Jobs jobs, EventLog eventLog, JsonMapper json) {
        this.store = store;
        this.runner = runner;
        this.ending = ending;
        this.jobs = jobs;
        this.eventLog = eventLog;
        this.json = json;
    }

    @PostMapping
    ResponseEntity<JobView> start(@AuthenticationPrincipal AuthenticatedUser me, @RequestBody JsonNode request) {
        String typeName = request.path("type").asString("");
        if (typeName.isBlank()) {
            throw ApiException.badRequest("validation_failed", "type is required");
        }
        JobType type = ending.type(typeName)
                .orElseThrow(() -> ApiException.badRequest("unknown_job_type", "No such job type: " + typeName));
        Object params = type.accept(me, request);
        long id = eventLog.write(tx -> jobs.enqueue(tx, typeName, me.id(), params));
        jobs.wake();
        return ResponseEntity.accepted().location(URI.create("/api/jobs/" + id)).body(view(me, id));
    }

    @GetMapping
    List<JobView> list(@AuthenticationPrincipal AuthenticatedUser me) {
        long now = System.currentTimeMillis();
        return store.listOwned(me.id(), LIST_LIMIT).stream()
                .map(job -> JobView.of(runner.live(job.id()).orElse(job), now))
                .toList();
    }

    @GetMapping("/{id}")
    JobView view(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        Job job = owned(me, id);
        return JobView.of(runner.live(id).filter(live -> !job.finished()).orElse(job), System.currentTimeMillis());
    }

    @DeleteMapping("/{id}")
    JobView cancel(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        owned(me, id);
        // Stopped before the cancel is written, so no job.progress can follow its job.finished.
        runner.stopLocal(id);
        ending.cancel(me.id(), id);
        return view(me, id);
    }

    @GetMapping("/{id}/result")
    ResponseEntity<Resource> result(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        Job job = owned(me, id);
        if (!Job.SUCCEEDED.equals(job.state())) {
            throw ApiException.conflict("job_not_succeeded", "The job is " + job.state() + "; no result to download");
        }
        Path file = ending.resultFile(id);
        JsonNode download =
                job.result() == null ? null : json.readTree(job.result()).path("download");
        if (download == null || download.isMissingNode() || !Files.exists(file)) {
            throw new ApiException(HttpStatus.NOT_FOUND, "no_result", "This job has no file to download");
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(download.path("mediaType").asString("application/octet-stream")))
                .header(
                        "Content-Disposition",
                        ContentDisposition.attachment()
                                .filename(download.path("fileName").asString("job-" + id), StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(new FileSystemResource(file));
    }

    private Job owned(AuthenticatedUser me, long id) {
        return store.findOwned(id, me.id()).orElseThrow(() -> ApiException.notFound("Job"));
    }
}
