package org.tidings.job;

import java.util.List;
import org.springframework.stereotype.Component;
import org.tidings.stream.LiveEvents;

/** Ephemeral {@code job.progress} events to the job's owner. Never stored: the row is the truth. */
@Component
class JobProgress {

    private final LiveEvents live;

    JobProgress(LiveEvents live) {
        this.live = live;
    }

    void send(Job job) {
        live.send(List.of(job.ownerId()), "job.progress", JobView.of(job, System.currentTimeMillis()));
    }
}
