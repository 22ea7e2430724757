package org.tidings.job;

import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * What a running job sees of itself: its parameters, a place for its output, and a way to report
 * progress. Reporting is cheap (throttled events; the row is saved with the heartbeat), and it is
 * where a cancelled job learns that it should stop.
 */
public final class JobContext {

    /** Thrown where a cancelled (or abandoned) job reports progress: unwind, nothing to clean up. */
    public static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("job cancelled", null, false, false);
        }
    }

    private final Job job;
    private final JsonNode params;
    private final Path resultFile;
    private final JobProgress events;
    private final long progressIntervalNanos;
    private volatile long done;
    private volatile Long total;
    private volatile String stage;
    private volatile boolean cancelled;
    private long lastSent;

    JobContext(Job job, JsonNode params, Path resultFile, JobProgress events, long progressIntervalNanos) {
        this.job = job;
        this.params = params;
        this.resultFile = resultFile;
        this.events = events;
        this.progressIntervalNanos = progressIntervalNanos;
        this.done = job.done();
        this.total = job.total();
        this.stage = job.stage();
        this.lastSent = System.nanoTime() - progressIntervalNanos;
    }

    public long id() {
        return job.id();
    }

    public long ownerId() {
        return job.ownerId();
    }

    public JsonNode params() {
        return params;
    }

    /** Where the job may write a file for its owner to download (GET /api/jobs/{id}/result). */
    public Path resultFile() {
        return resultFile;
    }

    /**
     * Reports {@code done} of {@code total} units (null: unknown) at {@code stage}. Sends
     * {@code job.progress} a few times a second at most; throws {@link Cancelled} once the job
     * was cancelled.
     */
    public synchronized void progress(long done, Long total, String stage) {
        checkCancelled();
        this.done = done;
        this.total = total;
        this.stage = stage;
        long now = System.nanoTime();
        if (now - lastSent >= progressIntervalNanos) {
            lastSent = now;
            events.send(snapshot());
        }
    }

    public void checkCancelled() {
        if (cancelled) {
            throw new Cancelled();
        }
    }

    /**
     * Synchronized with {@link #progress}: once this returns, no job.progress of this run is on its
     * way, so a job.finished written after it is the job's last event.
     */
    synchronized void cancel() {
        cancelled = true;
    }

    Job snapshot() {
        return job.withProgress(done, total, stage);
    }
}
