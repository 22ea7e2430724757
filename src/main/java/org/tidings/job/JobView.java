package org.tidings.job;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * A job as its owner sees it, in GET /api/jobs/{id}, job.progress and job.finished alike.
 * {@code total}, {@code percent} and {@code etaSeconds} are null while unknown; {@code result}
 * is the job's own JSON once it succeeded, {@code error} says why it failed.
 */
public record JobView(
        long id,
        String type,
        String state,
        long done,
        Long total,
        Integer percent,
        String stage,
        Long etaSeconds,
        int attempts,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        @JsonRawValue String result,
        Error error) {

    public record Error(String code, String detail) {}

    static JobView of(Job job, long now) {
        Long total = job.total();
        Integer percent = total == null || total <= 0 ? null : (int) Math.min(100, job.done() * 100 / total);
        if (Job.SUCCEEDED.equals(job.state())) {
            percent = 100;
        }
        return new JobView(
                job.id(),
                job.type(),
                job.state(),
                job.done(),
                total,
                percent,
                job.stage(),
                eta(job, now),
                job.attempts(),
                Instant.ofEpochMilli(job.createdAt()),
                instant(job.startedAt()),
                instant(job.finishedAt()),
                job.result(),
                job.errorCode() == null ? null : new Error(job.errorCode(), job.errorDetail()));
    }

    /** Time left at the average rate so far; null until there is a rate to go by. */
    private static Long eta(Job job, long now) {
        Long total = job.total();
        if (!Job.RUNNING.equals(job.state()) || total == null || job.done() <= 0 || job.startedAt() == null) {
            return null;
        }
        long elapsed = Math.max(0, now - job.startedAt());
        return Math.max(0, elapsed * (total - job.done()) / job.done() / 1000);
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
