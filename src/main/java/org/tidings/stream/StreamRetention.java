package org.tidings.stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Prunes events older than the retention and raises the floor below which cursors answer 410.
 * Deletes in slices, so the single writer is never held for long.
 */
@Component
class StreamRetention {

    private static final Logger log = LoggerFactory.getLogger(StreamRetention.class);

    // Events per slice: a few milliseconds of writer time each.
    private static final int SLICE = 5_000;

    private final EventLog eventLog;
    private final StreamSettings settings;

    StreamRetention(EventLog eventLog, StreamSettings settings) {
        this.eventLog = eventLog;
        this.settings = settings;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void prune() {
        prune(settings.retention());
    }

    /** Deletes events older than {@code age}; returns how many. */
    int prune(java.time.Duration age) {
        long cutoff = System.currentTimeMillis() - age.toMillis();
        int total = 0;
        int deleted;
        do {
            deleted = eventLog.write(tx -> {
                Long upTo = tx.jdbc()
                        .sql("""
                                SELECT MAX(position) FROM (
                                    SELECT position FROM stream_events WHERE created_at < ? ORDER BY position LIMIT ?
                                ) oldest""")
                        .params(cutoff, SLICE)
                        .query(Long.class)
                        .optional()
                        .orElse(null);
                if (upTo == null) {
                    return 0;
                }
                tx.storedEventsChanged();
                int rows = tx.jdbc()
                        .sql("DELETE FROM stream_events WHERE position <= ?")
                        .param(upTo)
                        .update();
                tx.jdbc()
                        .sql("DELETE FROM stream_subscriptions WHERE to_position IS NOT NULL AND to_position <= ?")
                        .param(upTo)
                        .update();
                tx.jdbc()
                        .sql("UPDATE stream_head SET floor_position = ? WHERE id = 1 AND floor_position < ?")
                        .params(upTo, upTo)
                        .update();
                return rows;
            });
            total += deleted;
        } while (deleted >= SLICE);
        if (total > 0) {
            log.info("pruned events={} olderThan={}", total, age);
        }
        return total;
    }
}
