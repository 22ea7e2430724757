package org.tidings.upload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.tidings.web.ApiException;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One request's bytes going into one upload's file, under the upload's lock. Bytes are written
 * as they arrive; the offset in the database moves only after an fsync, every
 * {@code commitBytes} or {@code commitInterval}, so it never claims a byte a crash could lose.
 * With a checksum the offset moves only at the end, after the digest matched: a chunk is taken
 * whole or not at all. Methods are called from blocking threads, one at a time (synchronized),
 * so a cancel racing the end of the body cannot close the file under a write.
 *
 * <p>While the body streams, every {@link #WRITEBACK_BYTES} a force starts on a thread of its own
 * (early write-back, like sync_file_range): the disk takes the bytes while more arrive, so the
 * force that must precede the offset's move finds little left to write. That early force
 * acknowledges nothing; the offset still moves only after a force begun after the last write. A
 * failed early force fails every later save: Linux reports a write-back error to one fsync only,
 * so the final force could succeed over pages that were lost.
 */
final class UploadWrite {

    private static final Logger log = LoggerFactory.getLogger(UploadWrite.class);

    // An 8 MiB PATCH's final force wrote all 8 MiB while the connection waited; at most this many
    // bytes plus those written during the last early force are left for it now.
    private static final long WRITEBACK_BYTES = 1024 * 1024;
    private static final Executor WRITEBACK = Executors.newVirtualThreadPerTaskExecutor();

    /** What happens when the last byte is in: the upload goes to processing. */
    @FunctionalInterface
    interface Completion {
        void complete(UploadWrite write);
    }

    /** Where a write reports to; all of it is the upload feature's own machinery. */
    record Context(UploadStore store, UploadSettings settings, UploadProgress progress, ActiveUploads active) {}

    private final Context context;
    private final Upload upload;
    private final String token;
    private final FileChannel channel;
    private final long start;
    private final Long length;
    private final long limit;
    private final boolean lengthAtEnd;
    private final Long progressLength;
    private final Tus.Checksum checksum;
    private final MessageDigest digest;
    private final Completion completion;
    private final Sinks.Empty<Void> stop = Sinks.empty();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final long startedNanos = System.nanoTime();
    private long received;
    private long committed;
    private long lastCommitNanos = startedNanos;
    private long lastProgressNanos;
    private long writebackMark;
    private CompletableFuture<Void> writeback = CompletableFuture.completedFuture(null);
    // Set by the early force's thread; read after joining it.
    private IOException writebackFailure;
    private boolean completed;
    private boolean released;
    private boolean done;

    /**
     * @param length the upload's total once known; null while deferred
     * @param limit the offset the bytes may not pass (length, size limit or quota)
     * @param lengthAtEnd the body's end is the file's end (multipart): complete when it ends
     * @param progressLength the total to show in progress events (an estimate for multipart)
     */
    UploadWrite(
            Context context,
            Upload upload,
            String token,
            FileChannel channel,
            Long length,
            long limit,
            boolean lengthAtEnd,
            Long progressLength,
            Tus.Checksum checksum,
            Completion completion) {
        this.context = context;
        this.upload = upload;
        this.token = token;
        this.channel = channel;
        this.start = upload.received();
        this.received = start;
        this.committed = start;
        this.writebackMark = start;
        this.length = length;
        this.limit = limit;
        this.lengthAtEnd = lengthAtEnd;
        this.progressLength = progressLength;
        this.checksum = checksum;
        this.digest = checksum == null ? null : checksum.newDigest();
        this.completion = completion;
        this.lastProgressNanos =
                startedNanos - context.settings().progressInterval().toNanos();
    }

    String uploadId() {
        return upload.id();
    }

    Upload upload() {
        return upload;
    }

    String token() {
        return token;
    }

    long received() {
        return received;
    }

    /** Bytes this request may still bring before the limit. */
    long room() {
        return limit - start;
    }

    /** Fires when someone (a HEAD for this upload) asks this write to end early. */
    Mono<Void> stopRequested() {
        return stop.asMono();
    }

    void requestStop() {
        stop.tryEmitEmpty();
    }

    CompletableFuture<Void> closed() {
        return closed;
    }

    synchronized void write(DataBuffer buffer) {
        try {
            if (done) {
                return;
            }
            int size = buffer.readableByteCount();
            if (received + size > limit) {
                throw UploadLimits.tooLarge();
            }
            try (DataBuffer.ByteBufferIterator chunks = buffer.readableByteBuffers()) {
                while (chunks.hasNext()) {
                    ByteBuffer chunk = chunks.next();
                    if (digest != null) {
                        digest.update(chunk.duplicate());
                    }
                    while (chunk.hasRemaining()) {
                        channel.write(chunk);
                    }
                }
            }
            received += size;
            context.active().received(size);
            startWriteback();
            long now = System.nanoTime();
            // At the last byte finish forces and completes at once; a save here would be one
            // more fsync and database commit for the same bytes (a 64 MiB upload met commitBytes
            // exactly there).
            boolean last = length != null && received == length;
            if (!last
                    && (received - committed >= context.settings().commitBytes().toBytes()
                            || now - lastCommitNanos
                                    >= context.settings().commitInterval().toNanos())) {
                // With a checksum the chunk is not accepted before its end: only renew the lease.
                save(digest == null ? received : committed, false);
            }
            reportProgress(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            DataBufferUtils.release(buffer);
        }
    }

    /** Starts an early force when enough bytes were written since the last and none is running. */
    private void startWriteback() {
        if (received - writebackMark >= WRITEBACK_BYTES && writeback.isDone()) {
            writebackMark = received;
            writeback = CompletableFuture.runAsync(this::forceEarly, WRITEBACK);
        }
    }

    /** Nothing waits on this force; a failure is kept for the next save, which it fails. */
    private void forceEarly() {
        try {
            channel.force(false);
        } catch (IOException e) {
            writebackFailure = e;
        }
    }

    /**
     * Waits for the early force, if one runs, so the file may be forced, truncated or closed;
     * fails if any early force failed.
     */
    private void awaitWriteback() throws IOException {
        writeback.join();
        if (writebackFailure != null) {
            throw new IOException("an early write-back of this upload's file failed", writebackFailure);
        }
    }

    /** The body ended (or was stopped): check, save and, at the last byte, complete. */
    synchronized long finish() {
        if (done) {
            return committed;
        }
        try {
            awaitWriteback();
            if (digest != null && !MessageDigest.isEqual(digest.digest(), checksum.expected())) {
                channel.truncate(start);
                received = start;
                throw new ChecksumMismatch(checksum.algorithm());
            }
            Long total = lengthAtEnd ? Long.valueOf(received) : length;
            if (total != null && received == total) {
                channel.force(false);
                completion.complete(this);
                committed = received;
                completed = true;
            } else {
                save(received, true);
            }
            reportProgress(true);
            return received;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            close();
        }
    }

    /** The request failed, stalled or was cancelled: keep what is safely on disk, let go. */
    synchronized void abandon() {
        if (done) {
            return;
        }
        try {
            awaitWriteback();
            if (digest == null && received > committed) {
                save(received, true);
            } else if (digest != null) {
                channel.truncate(start);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("upload save on abort failed upload={} cause={}", upload.id(), e.toString());
        } finally {
            close();
        }
    }

    /**
     * Forces the bytes to disk, then moves the offset: never the other way round. With
     * {@code release} the same statement lets go of the lock (the end of the request).
     */
    private void save(long offset, boolean release) throws IOException {
        if (offset > committed) {
            awaitWriteback();
            channel.force(false);
        }
        long now = System.currentTimeMillis();
        UploadSettings settings = context.settings();
        long expiresAt = now + settings.expiry().toMillis();
        boolean saved = release
                ? context.store().commitAndRelease(upload.id(), token, offset, expiresAt)
                : context.store()
                        .commit(
                                upload.id(),
                                token,
                                offset,
                                now + settings.lockLease().toMillis(),
                                expiresAt);
        if (!saved) {
            throw ApiException.conflict("upload_lock_lost", "The upload was terminated or taken over");
        }
        committed = offset;
        released = release;
        lastCommitNanos = System.nanoTime();
    }

    private void reportProgress(boolean last) {
        long now = System.nanoTime();
        if (!last
                && now - lastProgressNanos
                        < context.settings().progressInterval().toNanos()) {
            return;
        }
        lastProgressNanos = now;
        double seconds = Math.max(1e-3, (now - startedNanos) / 1e9);
        long rate = (long) ((received - start) / seconds);
        Long total = completed ? Long.valueOf(received) : length != null ? length : progressLength;
        context.progress().send(upload.ownerId(), upload.id(), received, total, rate);
    }

    private void close() {
        done = true;
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("upload file close failed upload={} cause={}", upload.id(), e.toString());
        }
        try {
            if (!completed && !released) {
                context.store().release(upload.id(), token);
            }
        } finally {
            context.active().unregister(this);
            closed.complete(null);
        }
    }
}
