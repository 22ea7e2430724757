package org.tidings.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.tidings.stream.EventLog;
import org.tidings.stream.WriteTx;
import org.tidings.web.ApiException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs queued jobs on a bounded number of workers. Claims with one conditional UPDATE, so nodes
 * sharing the table never run a job twice; proves its jobs alive with a heartbeat; and puts back
 * (or fails, after {@code maxAttempts}) every running job whose heartbeat went stale, so a crash
 * never leaves a job "running" for ever.
 */
@Component
class JobRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);
    private static final JobView.Error INTERRUPTED =
            new JobView.Error("interrupted", "The job was interrupted too often (its server stopped)");

    // Identifies this process's lifetime in the rows it claims; a restart is a new runner.
    private final String runner =
            "run-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final JobStore store;
    private final EventLog eventLog;
    private final JobProgress events;
    private final JobSettings settings;
    private final JsonMapper json;
    private final Map<String, JobType> types;
    private final Semaphore workers;
    private final BlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>();
    private final Map<Long, JobContext> active = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread dispatcher;
    private ScheduledExecutorService ticker;

    JobRunner(
            JobStore store,
            EventLog eventLog,
            JobProgress events,
            JobSettings settings,
            JsonMapper json,
            List<JobType> types) {
        this.store = store;
        this.eventLog = eventLog;
        this.events = events;
        this.settings = settings;
        this.json = json;
        this.types = types.stream().collect(Collectors.toMap(JobType::name, Function.identity()));
        this.workers = new Semaphore(settings.workers());
    }

    Optional<JobType> type(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /** The job with its live progress, when it runs on this node (the row lags by a heartbeat). */
    Optional<Job> live(long jobId) {
        return Optional.ofNullable(active.get(jobId)).map(JobContext::snapshot);
    }

    void wake() {
        wakeups.offer(Boolean.TRUE);
    }

    /** Tells a job running on this node to stop (it was cancelled); other nodes learn it by heartbeat. */
    void stopLocal(long jobId) {
        JobContext context = active.get(jobId);
        if (context != null) {
            context.cancel();
        }
    }

    Path resultFile(long jobId) {
        return settings.dir().resolve(jobId + ".out");
    }

    /** Emits job.finished with the row as it is now, inside the write that finished it. */
    void emitFinished(WriteTx tx, long jobId) {
        Job job = store.find(tx.jdbc(), jobId).orElseThrow();
        tx.emitToUser(job.ownerId(), "job.finished", JobView.of(job, tx.now()));
    }

    @Override
    public void start() {
        try {
            Files.createDirectories(settings.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create job directory " + settings.dir(), e);
        }
        running = true;
        ticker = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("tidings-jobs-ticker").daemon(true).factory());
        long beat = settings.heartbeat().toMillis();
        ticker.scheduleWithFixedDelay(() -> guarded("heartbeat", this::heartbeat), beat, beat, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(() -> guarded("recovery", this::recoverStale), 0, beat, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(() -> guarded("retention", this::prune), 1, 60, TimeUnit.MINUTES);
        dispatcher = Thread.ofPlatform().name("tidings-jobs").daemon(true).start(this::dispatch);
    }

    @Override
    public void stop() {
        running = false;
        if (dispatcher == null) {
            return;
        }
        dispatcher.interrupt();
        ticker.shutdownNow();
        active.values().forEach(JobContext::cancel);
        try {
            // Let the workers reach their next progress report and unwind; give the permits back,
            // since a stopped context may be started again (Spring's test context pausing does).
            if (workers.tryAcquire(settings.workers(), 10, TimeUnit.SECONDS)) {
                workers.release(settings.workers());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // A clean stop is no failed attempt: back in the queue for the next start (or node).
        int requeued = store.requeueRunner(runner);
        if (requeued > 0) {
            log.info("jobs requeued on shutdown count={}", requeued);
        }
    }

    /** After the event log starts, before it stops: jobs finish by writing events. */
    @Override
    public int getPhase() {
        return 100;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void dispatch() {
        while (running) {
            try {
                workers.acquire();
                Optional<Job> claimed = claim();
                if (claimed.isEmpty()) {
                    workers.release();
                    wakeups.poll(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeups.clear();
                    continue;
                }
                Job job = claimed.get();
                Thread.ofVirtual().name("tidings-job-" + job.id()).start(() -> runClaimed(job));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Optional<Job> claim() {
        try {
            return store.claim(runner, System.currentTimeMillis());
        } catch (RuntimeException e) {
            log.warn("job claim failed cause={}", e.toString());
            return Optional.empty();
        }
    }

    private void runClaimed(Job job) {
        JobContext context = new JobContext(
                job,
                json.readTree(job.params()),
                resultFile(job.id()),
                events,
                settings.progressInterval().toNanos());
        active.put(job.id(), context);
        try {
            events.send(context.snapshot());
            JobType type = type(job.type())
                    .orElseThrow(() -> new IllegalStateException("No job type " + job.type() + " on this node"));
            JobType.Finish finish = type.run(context);
            context.checkCancelled();
            Job last = context.snapshot();
            eventLog.write(tx -> {
                Object result = finish.commit(tx);
                String resultJson = result == null ? null : json.writeValueAsString(result);
                if (!store.finish(tx.jdbc(), last, runner, Job.SUCCEEDED, resultJson, null, tx.now())) {
                    // Cancelled meanwhile: roll back what finish did, its effect must not happen.
                    throw new JobContext.Cancelled();
                }
                emitFinished(tx, job.id());
                return null;
            });
            log.debug("job succeeded job={} type={}", job.id(), job.type());
        } catch (JobContext.Cancelled e) {
            // Its final state was written by whoever cancelled it (or it goes back to the queue on shutdown).
            deleteQuietly(context.resultFile());
        } catch (ApiException e) {
            // A refusal (the conversation is gone, the sender was blocked): trying again won't help.
            fail(context, new JobView.Error(e.code(), e.getMessage()));
        } catch (Exception e) {
            log.error("job failed job={} type={} attempt={}", job.id(), job.type(), job.attempts(), e);
            if (job.attempts() < settings.maxAttempts() && running && store.requeue(job.id(), runner)) {
                wake();
            } else {
                fail(context, new JobView.Error("internal_error", "The job failed on the server"));
            }
        } finally {
            active.remove(job.id());
            workers.release();
        }
    }

    private void fail(JobContext context, JobView.Error error) {
        deleteQuietly(context.resultFile());
        Job last = context.snapshot();
        boolean failed = eventLog.write(tx -> {
            if (!store.finish(tx.jdbc(), last, runner, Job.FAILED, null, error, tx.now())) {
                return false;
            }
            emitFinished(tx, last.id());
            return true;
        });
        if (failed) {
            cleanUp(last);
        }
    }

    /** Lets the job's type undo what the unsuccessful job left behind. */
    void cleanUp(Job job) {
        deleteQuietly(resultFile(job.id()));
        type(job.type()).ifPresent(type -> guarded("clean-up", () -> type.cleanUp(json.readTree(job.params()))));
    }

    private void heartbeat() {
        long now = System.currentTimeMillis();
        for (JobContext context : active.values()) {
            Job job = context.snapshot();
            if (!store.heartbeat(job.id(), runner, job.done(), job.total(), job.stage(), now)) {
                // Cancelled (perhaps on another node) or taken over: stop working on it.
                context.cancel();
            }
        }
    }

    private void recoverStale() {
        long before = System.currentTimeMillis() - settings.staleAfter().toMillis();
        for (Job job : store.stale(before)) {
            if (active.containsKey(job.id())) {
                continue;
            }
            if (job.attempts() < settings.maxAttempts()) {
                if (store.requeueStale(job.id(), before)) {
                    log.warn(
                            "interrupted job requeued job={} type={} attempts={}",
                            job.id(),
                            job.type(),
                            job.attempts());
                    wake();
                }
            } else {
                boolean failed = eventLog.write(tx -> {
                    if (!store.failStale(tx.jdbc(), job.id(), before, INTERRUPTED, tx.now())) {
                        return false;
                    }
                    emitFinished(tx, job.id());
                    return true;
                });
                if (failed) {
                    log.warn("interrupted job failed job={} type={} attempts={}", job.id(), job.type(), job.attempts());
                    cleanUp(job);
                }
            }
        }
    }

    private void prune() {
        long before = System.currentTimeMillis() - settings.retention().toMillis();
        for (long id : store.finishedBefore(before)) {
            deleteQuietly(resultFile(id));
            store.delete(id);
        }
    }

    private static void guarded(String what, Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // The ticker must survive a database hiccup: the next tick tries again.
            log.warn("job {} failed cause={}", what, e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("cannot delete job file path={} cause={}", file, e.toString());
        }
    }
}
