package org.tidings.retention;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Starts a retention run every {@code tidings.retention.check-interval} when a limit is set
 * anywhere. Every node asks; the job table lets only one run be queued at a time.
 */
@Component
class RetentionSchedule {

    private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

    private final Retention retention;

    RetentionSchedule(Retention retention) {
        this.retention = retention;
    }

    @Scheduled(
            initialDelayString = "${tidings.retention.check-interval:1h}",
            fixedDelayString = "${tidings.retention.check-interval:1h}")
    void check() {
        try {
            if (!retention.anyLimit()) {
                return;
            }
            retention
                    .anyAdministrator()
                    .flatMap(retention::start)
                    .ifPresent(id -> log.info("retention run job={}", id));
        } catch (RuntimeException e) {
            log.warn("retention check failed cause={}", e.toString());
        }
    }
}
