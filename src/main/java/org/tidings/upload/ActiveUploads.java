package org.tidings.upload;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * The PATCHes writing on this node right now. A HEAD for an upload that one of them holds means
 * the client gave up on that PATCH (it resumes after a dropped connection): the PATCH is told to
 * stop, saves what it received and lets go of the lock, and the HEAD answers with that offset.
 * Without this a half-dead connection would hold the lock and refuse the resume (tusd#335).
 * Also the uploads' meters: {@code tidings_uploads_active} and {@code tidings_upload_received_bytes_total}.
 */
@Component
class ActiveUploads {

    // Long enough for a stopped PATCH to fsync and save its offset; short enough for a HEAD.
    private static final long RELEASE_WAIT_MILLIS = 5_000;

    private final Map<String, UploadWrite> writes = new ConcurrentHashMap<>();
    private final Counter bytes;

    ActiveUploads(MeterRegistry meters) {
        Gauge.builder("tidings.uploads.active", writes, Map::size)
                .description("PATCH requests writing upload bytes on this node now")
                .register(meters);
        this.bytes = Counter.builder("tidings.upload.received")
                .description("Upload bytes received and written")
                .baseUnit("bytes")
                .register(meters);
    }

    void received(long size) {
        bytes.increment(size);
    }

    void register(UploadWrite write) {
        writes.put(write.uploadId(), write);
    }

    void unregister(UploadWrite write) {
        writes.remove(write.uploadId(), write);
    }

    /** Stops this node's PATCH on the upload, if any, and waits until its lock is released. */
    void release(String uploadId) {
        UploadWrite write = writes.get(uploadId);
        if (write == null) {
            return;
        }
        write.requestStop();
        try {
            write.closed().get(RELEASE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // The answer is the offset saved so far; a lock still held lapses by its lease.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
