package org.tidings.job;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HexFormat;
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
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.tidings.stream.EventLog;
import org.tidings.web.ApiException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs queued jobs on a bounded number of workers. Claims with one conditional UPDATE, so nodes
 * sharing the table never run a job twice; proves its jobs alive with a heartbeat (which also
 * saves their progress); and has {@link JobRecovery} look for jobs whose node died, so a crash
 * never leaves a job "running" for ever.
 */
@Component
class JobRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    // Identifies this process's lifetime in the rows it claims; a restart is a new runner.
    private final String runner =
            "run-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    private final JobStore store;
    private final EventLog eventLog;
    private final JobProgress events;
    private final JobEnding ending;
    private final JobRecovery recovery;
    private final JobSettings settings;
    private final MeterRegistry meters;
    private final JsonMapper json;
    private final Semaphore workers;
    private final BlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>();
    private final Map<Long, JobContext> active = new ConcurrentHashMap<>();
    // Read on the ticker, never when the gauge is read: a scrape or the server page must not
    // wait for the database (the server page's controller runs on an event loop).
    private final AtomicLong queued = new AtomicLong();
    private volatile boolean running;
    private Thread dispatcher;
    private ScheduledExecutorService ticker;

    JobRunner(
            JobStore store,
            EventLog eventLog,
            JobProgress events,
            JobEnding ending,
            JobRecovery recovery,
            JobSettings settings,
            JsonMapper json,
            MeterRegistry meters) {
        this.meters = meters;
        Gauge.builder("tidings.jobs.running", active, Map::size)
                .description("Jobs running on this node now")
                .register(meters);
        Gauge.builder("tidings.jobs.queued", queued, AtomicLong::get)
                .description("Jobs waiting to run, on all nodes (the database's count, read every heartbeat)")
                .register(meters);
        this.store = store;
        this.eventLog = eventLog;
        this.events = events;
        this.ending = ending;
        this.recovery = recovery;
        this.settings = settings;
        this.json = json;
        this.workers = new Semaphore(settings.workers());
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
        ticker.scheduleWithFixedDelay(() -> guarded("recovery", this::recover), 0, beat, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(
                () -> guarded("queue count", () -> queued.set(store.queued())), 0, beat, TimeUnit.MILLISECONDS);
        ticker.scheduleWithFixedDelay(() -> guarded("retention", recovery::prune), 1, 60, TimeUnit.MINUTES);
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
                ending.resultFile(job.id()),
                events,
                settings.progressInterval().toNanos());
        active.put(job.id(), context);
        long started = System.nanoTime();
        String outcome = "failed";
        try {
            events.send(context.snapshot());
            JobType type = ending.type(job.type())
                    .orElseThrow(() -> new IllegalStateException("No job type " + job.type() + " on this node"));
            succeed(context, type.run(context));
            outcome = "succeeded";
            log.debug("job succeeded job={} type={}", job.id(), job.type());
        } catch (JobContext.Cancelled e) {
            outcome = "cancelled";
            // Its final state was written by whoever cancelled it (or it goes back to the queue on shutdown).
            ending.deleteResult(job.id());
        } catch (ApiException e) {
            // A refusal (the conversation is gone, the sender was blocked): trying again won't help.
            ending.fail(context.snapshot(), runner, new JobView.Error(e.code(), e.getMessage()));
        } catch (Exception e) {
            log.error("job failed job={} type={} attempt={}", job.id(), job.type(), job.attempts(), e);
            if (job.attempts() < settings.maxAttempts() && running && store.requeue(job.id(), runner)) {
                wake();
            } else {
                ending.fail(
                        context.snapshot(),
                        runner,
                        new JobView.Error("internal_error", "The job failed on the server"));
            }
        } finally {
            Timer.builder("tidings.job.duration")
                    .description("One run of a job, by type and how it ended (a retried failure counts each run)")
                    .tag("type", job.type())
                    .tag("outcome", outcome)
                    .register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            active.remove(job.id());
            workers.release();
        }
    }

    /** The job's last step, its success and job.finished: one write. */
    private void succeed(JobContext context, JobType.Finish finish) {
        context.checkCancelled();
        Job last = context.snapshot();
        eventLog.write(tx -> {
            Object result = finish.commit(tx);
            String resultJson = result == null ? null : json.writeValueAsString(result);
            if (!store.finish(tx.jdbc(), last, runner, Job.SUCCEEDED, resultJson, null, tx.now())) {
                // Cancelled meanwhile: roll back what finish did, its effect must not happen.
                throw new JobContext.Cancelled();
            }
            ending.emitFinished(tx, last.id());
            return null;
        });
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

    private void recover() {
        if (recovery.recoverStale(active.keySet())) {
            wake();
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
}
