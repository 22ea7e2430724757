package org.tidings.job;

import org.springframework.stereotype.Component;
import org.tidings.stream.WriteTx;
import tools.jackson.databind.json.JsonMapper;

/** What other features use to start jobs: queue one inside their own write, then wake the runner. */
@Component
public class Jobs {

    private final JobStore store;
    private final JobRunner runner;
    private final JsonMapper json;

    Jobs(JobStore store, JobRunner runner, JsonMapper json) {
        this.store = store;
        this.runner = runner;
        this.json = json;
    }

    /**
     * Queues a job in the caller's write, so it exists exactly when the caller's change commits.
     * Call {@link #wake()} after the write so it starts at once rather than at the next poll.
     */
    public long enqueue(WriteTx tx, String type, long ownerId, Object params) {
        return store.insert(tx.jdbc(), type, ownerId, json.writeValueAsString(params), tx.now());
    }

    public void wake() {
        runner.wake();
    }
}
