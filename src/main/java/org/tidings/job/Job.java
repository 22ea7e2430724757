package org.tidings.job;

/** A row of the jobs table. Times are epoch milliseconds; JSON columns stay text. */
record Job(
        long id,
        String type,
        long ownerId,
        String state,
        String params,
        long done,
        Long total,
        String stage,
        int attempts,
        long createdAt,
        Long startedAt,
        Long finishedAt,
        String result,
        String errorCode,
        String errorDetail) {

    static final String QUEUED = "queued";
    static final String RUNNING = "running";
    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";
    static final String CANCELLED = "cancelled";

    boolean finished() {
        return SUCCEEDED.equals(state) || FAILED.equals(state) || CANCELLED.equals(state);
    }

    /** The same job with live progress, as the node running it knows it. */
    Job withProgress(long newDone, Long newTotal, String newStage) {
        return new Job(
                id,
                type,
                ownerId,
                state,
                params,
                newDone,
                newTotal,
                newStage,
                attempts,
                createdAt,
                startedAt,
                finishedAt,
                result,
                errorCode,
                errorDetail);
    }
}
