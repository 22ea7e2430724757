package org.tidings.upload;

import java.util.List;
import org.springframework.stereotype.Component;
import org.tidings.stream.LiveEvents;

/**
 * Ephemeral {@code upload.progress} events on the uploader's own stream. The offset the client
 * may resume from is in the database (HEAD); these only drive the progress bar.
 */
@Component
class UploadProgress {

    /** {@code length}, {@code etaSeconds} are null while the size is unknown. */
    record Event(String uploadId, long offset, Long length, long bytesPerSecond, Long etaSeconds) {}

    private final LiveEvents live;

    UploadProgress(LiveEvents live) {
        this.live = live;
    }

    void send(long ownerId, String uploadId, long offset, Long length, long bytesPerSecond) {
        Long eta = length == null || bytesPerSecond <= 0 ? null : Math.max(0, length - offset) / bytesPerSecond;
        live.send(List.of(ownerId), "upload.progress", new Event(uploadId, offset, length, bytesPerSecond, eta));
    }
}
