package org.tidings.job;

import org.tidings.account.AuthenticatedUser;
import org.tidings.stream.WriteTx;
import org.tidings.web.ApiException;
import tools.jackson.databind.JsonNode;

/**
 * A kind of background job. A feature declares one as a bean; the runner finds it by
 * {@link #name()}. {@link #run} does the slow work outside any transaction and returns a
 * {@link Finish}: the runner runs it inside the same write that marks the job succeeded and
 * emits {@code job.finished}, so a job's effect (a message, a file record) and its success commit
 * together or not at all, and a retried job never does it twice.
 */
public interface JobType {

    String name();

    /**
     * Checks a client's request to start such a job ({@code POST /api/jobs}) and returns the
     * parameters to store with it. Types that only the server starts keep this default.
     */
    default Object accept(AuthenticatedUser user, JsonNode request) {
        throw ApiException.badRequest("unknown_job_type", "No such job type: " + name());
    }

    Finish run(JobContext job) throws Exception;

    /**
     * Undoes what a run left behind once the job ended without success (failed, cancelled, given
     * up after a crash). Runs after that final state is committed, so it may delete freely.
     */
    default void cleanUp(JsonNode params) {}

    /** The last step of a successful job; returns the job's result (serialised to JSON), or null. */
    @FunctionalInterface
    interface Finish {
        Object commit(WriteTx tx);
    }
}
