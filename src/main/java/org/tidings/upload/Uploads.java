package org.tidings.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.tidings.account.AuthenticatedUser;
import org.tidings.job.Jobs;
import org.tidings.social.Conversations;
import org.tidings.storage.Blocking;
import org.tidings.stream.EventLog;
import org.tidings.web.ApiException;
import org.tidings.web.BodyRefusal;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The upload life cycle behind both the tus endpoints and the plain multipart one: create,
 * receive bytes (streamed to disk off the event loop, never held whole in memory), complete
 * (hand to the attachment job), terminate.
 */
@Component
class Uploads {

    // Buffers in flight between the socket and the disk per request: backpressure keeps memory
    // bounded to this many network reads whatever the upload's size. A read is a few KiB to
    // 256 KiB (BodyChunks), so 16 of them is at most 4 MiB per request and usually far less:
    // enough that the socket keeps reading while the virtual thread writes (with 4 reads of
    // 64 KiB, the connection stopped every few reads to wait for the disk).
    private static final int PREFETCH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The parts of a create request, as either endpoint received them. */
    record NewUpload(long conversationId, String filename, String declaredType, String metadata, Long length) {}

    /** How one request's bytes are to be taken. */
    record Receive(
            long offset,
            Long declaredLength,
            Tus.Checksum checksum,
            Long contentLength,
            boolean lengthAtEnd,
            Long progressTotal) {

        /** A tus request: the upload's length (known or deferred) is the total. */
        static Receive tus(long offset, Long declaredLength, Tus.Checksum checksum, Long contentLength) {
            return new Receive(offset, declaredLength, checksum, contentLength, false, null);
        }
    }

    private final UploadStore store;
    private final UploadSettings settings;
    private final EventLog eventLog;
    private final Conversations conversations;
    private final Jobs jobs;
    private final ActiveUploads active;
    private final UploadLimits limits;
    private final UploadWrite.Context writeContext;

    Uploads(
            UploadStore store,
            UploadSettings settings,
            EventLog eventLog,
            Conversations conversations,
            Jobs jobs,
            ActiveUploads active,
            UploadLimits limits,
            UploadProgress progress) {
        this.store = store;
        this.settings = settings;
        this.eventLog = eventLog;
        this.conversations = conversations;
        this.jobs = jobs;
        this.active = active;
        this.limits = limits;
        this.writeContext = new UploadWrite.Context(store, settings, progress, active);
    }

    /** Checks the limits and the right to send, and stores the new upload. Blocking. */
    Upload create(AuthenticatedUser me, NewUpload request) {
        String id = newId();
        return eventLog.write(tx -> {
            conversations.checkCanSend(tx, request.conversationId(), me.id());
            limits.checkNew(tx.jdbc(), me.id(), request.length());
            Upload upload = new Upload(
                    id,
                    me.id(),
                    request.conversationId(),
                    request.filename(),
                    request.declaredType(),
                    request.metadata(),
                    request.length(),
                    0,
                    Upload.UPLOADING,
                    null,
                    null,
                    null,
                    tx.now(),
                    tx.now() + settings.expiry().toMillis());
            store.insert(tx.jdbc(), upload);
            return upload;
        });
    }

    /**
     * The caller's upload, while they still belong to its conversation; 404 otherwise (another
     * user's upload is no different from none), 410 once expired. Blocking.
     */
    Upload owned(AuthenticatedUser me, String id) {
        Upload upload = mine(me, id);
        conversations.requireMember(upload.conversationId(), me.id());
        if (upload.expired(System.currentTimeMillis())) {
            throw new ApiException(HttpStatus.GONE, "upload_expired", "The upload expired; start a new one");
        }
        return upload;
    }

    private Upload mine(AuthenticatedUser me, String id) {
        return store.find(id).filter(u -> u.ownerId() == me.id()).orElseThrow(() -> ApiException.notFound("Upload"));
    }

    /** Ends this node's PATCH on the caller's upload, if any, and answers its state. Blocking. */
    Upload head(AuthenticatedUser me, String id) {
        owned(me, id);
        active.release(id);
        return owned(me, id);
    }

    /** Streams the body into the upload; emits the new offset. */
    Mono<Long> receive(AuthenticatedUser me, String id, Receive request, Flux<DataBuffer> body) {
        return Blocking.call(() -> open(owned(me, id), request))
                // Refused before a byte was read (too large, wrong offset, locked): the rest of
                // the body is read and dropped so the client gets the answer, not a reset.
                .onErrorResume(error -> BodyRefusal.refuse(body, error))
                .flatMap(write -> StallWatch.watch(
                                BodyRefusal.limit(body, write.room(), UploadLimits::tooLarge), settings.stallTimeout())
                        .takeUntilOther(write.stopRequested())
                        .publishOn(Blocking.scheduler(), PREFETCH)
                        .doOnNext(write::write)
                        .doOnDiscard(DataBuffer.class, DataBufferUtils::release)
                        .then(Blocking.call(write::finish))
                        .onErrorResume(error -> Blocking.run(write::abandon).then(Mono.error(stalled(error))))
                        .doOnCancel(() -> Blocking.run(write::abandon).subscribe()));
    }

    /** Deletes an unfinished upload and its bytes, or a finished one's record. Blocking. */
    void terminate(AuthenticatedUser me, String id) {
        mine(me, id);
        active.release(id);
        // Read again: the PATCH just stopped here has released its lock.
        Upload upload = mine(me, id);
        if (Upload.PROCESSING.equals(upload.state())) {
            throw ApiException.conflict("upload_processing", "The upload is being processed; cancel its job instead");
        }
        if (upload.lockedAt(System.currentTimeMillis())) {
            throw locked();
        }
        store.delete(id);
        delete(settings.incoming(id));
    }

    private UploadWrite open(Upload upload, Receive request) {
        if (!upload.uploading()) {
            throw ApiException.conflict("upload_finished", "All bytes of this upload are in");
        }
        if (request.offset() != upload.received()) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "offset_mismatch",
                    "Upload-Offset must be the upload's current offset",
                    Map.of("offset", upload.received()));
        }
        Long length = limits.declaredLength(upload, request.declaredLength());
        long limit = limits.bound(upload, length);
        if (request.contentLength() != null && upload.received() + request.contentLength() > limit) {
            throw UploadLimits.tooLarge();
        }
        long now = System.currentTimeMillis();
        String token = newId();
        if (!store.lock(upload.id(), token, now + settings.lockLease().toMillis(), now)) {
            throw locked();
        }
        try {
            if (length != null && upload.length() == null) {
                store.declareLength(upload.id(), token, length);
            }
            Path file = settings.incoming(upload.id());
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            // Bytes past the saved offset were never acknowledged (a crash between write and save).
            if (channel.size() > upload.received()) {
                channel.truncate(upload.received());
            }
            channel.position(upload.received());
            Long progressLength = length != null ? length : request.progressTotal();
            UploadWrite write = new UploadWrite(
                    writeContext,
                    upload,
                    token,
                    channel,
                    length,
                    limit,
                    request.lengthAtEnd(),
                    progressLength,
                    request.checksum(),
                    this::complete);
            active.register(write);
            return write;
        } catch (IOException | RuntimeException e) {
            store.release(upload.id(), token);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** The last byte is in: the upload goes to processing, with its job queued in the same write. */
    private void complete(UploadWrite write) {
        eventLog.write(tx -> {
            long jobId = jobs.enqueue(
                    tx, AttachmentJob.TYPE, write.upload().ownerId(), Map.of("uploadId", write.uploadId()));
            if (!store.finishUpload(
                    tx.jdbc(),
                    write.uploadId(),
                    write.token(),
                    write.received(),
                    jobId,
                    tx.now() + settings.expiry().toMillis())) {
                throw ApiException.conflict("upload_lock_lost", "The upload was terminated or taken over");
            }
            return jobId;
        });
        jobs.wake();
    }

    private static Throwable stalled(Throwable error) {
        if (error instanceof TimeoutException) {
            return new ApiException(HttpStatus.REQUEST_TIMEOUT, "upload_stalled", "No bytes arrived for too long");
        }
        return error;
    }

    private static ApiException locked() {
        return new ApiException(
                HttpStatus.LOCKED, "upload_locked", "Another request is writing to this upload; retry shortly");
    }

    private static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
