package org.tidings.job;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tidings.stream.EventLog;
import org.tidings.stream.WriteTx;
import org.tidings.web.ApiException;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a job ends without succeeding (failed, cancelled, given up after crashes): the final state
 * and its job.finished in one write, then the job type's clean-up. Also knows the job types and
 * where results go, which the runner, the recovery and the API share.
 */
@Component
class JobEnding {

    private static final Logger log = LoggerFactory.getLogger(JobEnding.class);

    private final JobStore store;
    private final EventLog eventLog;
    private final JobSettings settings;
    private final JsonMapper json;
    private final Map<String, JobType> types;

    JobEnding(JobStore store, EventLog eventLog, JobSettings settings, JsonMapper json, List<JobType> types) {
        this.store = store;
        this.eventLog = eventLog;
        this.settings = settings;
        this.json = json;
        this.types = types.stream().collect(Collectors.toMap(JobType::name, Function.identity()));
    }

    Optional<JobType> type(String name) {
        return Optional.ofNullable(types.get(name));
    }

    Path resultFile(long jobId) {
        return settings.dir().resolve(jobId + ".out");
    }

    /** Emits job.finished with the row as it is now, inside the write that finished it. */
    void emitFinished(WriteTx tx, long jobId) {
        Job job = store.find(tx.jdbc(), jobId).orElseThrow();
        tx.emitToUser(job.ownerId(), "job.finished", JobView.of(job, tx.now()));
    }

    /** Fails a job this runner runs, unless it was cancelled or taken from it meanwhile. */
    void fail(Job last, String runner, JobView.Error error) {
        ended(last, tx -> store.finish(tx.jdbc(), last, runner, Job.FAILED, null, error, tx.now()));
    }

    /** Fails a job whose runner stopped proving itself alive before {@code before}. */
    boolean failStale(Job job, long before, JobView.Error error) {
        return ended(job, tx -> store.failStale(tx.jdbc(), job.id(), before, error, tx.now()));
    }

    /** Cancels the owner's queued or running job; 404 for anyone else's, 409 once it has ended. */
    Job cancel(long ownerId, long id) {
        Job cancelled = eventLog.write(tx -> {
            Job job = store.find(tx.jdbc(), id)
                    .filter(j -> j.ownerId() == ownerId)
                    .orElseThrow(() -> ApiException.notFound("Job"));
            if (!store.cancel(tx.jdbc(), id, tx.now())) {
                throw ApiException.conflict("job_finished", "The job has already " + job.state());
            }
            emitFinished(tx, id);
            return job;
        });
        cleanUp(cancelled);
        return cancelled;
    }

    /** Deletes a job's result file; quietly, since nothing waits for it. */
    void deleteResult(long jobId) {
        Path file = resultFile(jobId);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete job file path={} cause={}", file, e.toString());
        }
    }

    /** The final state, if {@code end} sets it, with job.finished; then the clean-up. */
    private boolean ended(Job job, Function<WriteTx, Boolean> end) {
        boolean ended = eventLog.write(tx -> {
            if (!end.apply(tx)) {
                return false;
            }
            emitFinished(tx, job.id());
            return true;
        });
        if (ended) {
            cleanUp(job);
        }
        return ended;
    }

    /** Lets the job's type undo what the unsuccessful job left behind. */
    private void cleanUp(Job job) {
        deleteResult(job.id());
        type(job.type()).ifPresent(type -> {
            try {
                type.cleanUp(json.readTree(job.params()));
            } catch (RuntimeException e) {
                log.warn("job clean-up failed job={} type={} cause={}", job.id(), job.type(), e.toString());
            }
        });
    }
}
