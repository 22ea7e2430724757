package org.tidings.job;

import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Finds jobs left "running" by a node that died (their heartbeat went stale) and puts them back
 * in the queue, or fails them with {@code interrupted} once out of attempts; and deletes finished
 * jobs after the retention. Any node may do this: every change is conditional on the stale state.
 */
@Component
class JobRecovery {

    private static final Logger log = LoggerFactory.getLogger(JobRecovery.class);
    private static final JobView.Error INTERRUPTED =
            new JobView.Error("interrupted", "The job was interrupted too often (its server stopped)");

    private final JobStore store;
    private final JobEnding ending;
    private final JobSettings settings;

    JobRecovery(JobStore store, JobEnding ending, JobSettings settings) {
        this.store = store;
        this.ending = ending;
        this.settings = settings;
    }

    /** Recovers stale jobs other than {@code local} (this node's, alive); true if any was queued again. */
    boolean recoverStale(Set<Long> local) {
        long before = System.currentTimeMillis() - settings.staleAfter().toMillis();
        boolean requeued = false;
        for (Job job : store.stale(before)) {
            if (local.contains(job.id())) {
                continue;
            }
            if (job.attempts() < settings.maxAttempts()) {
                if (store.requeueStale(job.id(), before)) {
                    log.warn(
                            "interrupted job requeued job={} type={} attempts={}",
                            job.id(),
                            job.type(),
                            job.attempts());
                    requeued = true;
                }
            } else if (ending.failStale(job, before, INTERRUPTED)) {
                log.warn("interrupted job failed job={} type={} attempts={}", job.id(), job.type(), job.attempts());
            }
        }
        return requeued;
    }

    /** Deletes finished jobs and their results after the retention. */
    void prune() {
        long before = System.currentTimeMillis() - settings.retention().toMillis();
        for (long id : store.finishedBefore(before)) {
            ending.deleteResult(id);
            store.delete(id);
        }
    }
}
