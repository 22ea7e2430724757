package org.tidings.upload;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Deletes expired uploads: unfinished ones with their bytes (nobody resumed them in time), and
 * finished ones' rows (their bytes live on as an attachment). Any node may sweep: each delete is
 * conditional, so two sweepers or a sweeper and a late PATCH never both win.
 */
@Component
class UploadSweeper {

    private static final Logger log = LoggerFactory.getLogger(UploadSweeper.class);

    private final UploadStore store;
    private final UploadSettings settings;
    private final TaskScheduler scheduler;

    UploadSweeper(UploadStore store, UploadSettings settings, TaskScheduler scheduler) {
        this.store = store;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    @EventListener(ApplicationReadyEvent.class)
    void schedule() {
        scheduler.scheduleWithFixedDelay(this::sweep, settings.sweepInterval());
    }

    void sweep() {
        try {
            long now = System.currentTimeMillis();
            int swept = 0;
            for (Upload upload : store.expired(now)) {
                if (store.deleteExpired(upload.id(), now)) {
                    Uploads.delete(settings.incoming(upload.id()));
                    swept++;
                }
            }
            if (swept > 0) {
                log.info("expired uploads swept count={}", swept);
            }
        } catch (RuntimeException e) {
            // The next sweep tries again.
            log.warn("upload sweep failed cause={}", e.toString());
        }
    }
}
