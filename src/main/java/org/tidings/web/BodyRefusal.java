package org.tidings.web;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Refusing a request body so the client reads the refusal. A server that answers before the
 * body is in and then closes the connection with unread bytes in its socket makes the kernel
 * send a reset, and a client still sending (or not yet reading) loses the answer: it sees
 * "connection reset" instead of the 413. So the rest of a refused body is read and discarded,
 * up to a bound, before the answer goes out; the answer to a 413 says {@code Connection: close}
 * (see {@link ProblemExceptionHandler}). Past the bound the connection is cut as before: a
 * client sending that much more than allowed gets no courtesy. Every refusal for size goes
 * through here: the JSON body limit ({@link JsonBodyLimit}), avatars and uploads.
 */
public final class BodyRefusal {

    /** Bytes past the refusal still read and discarded so the answer arrives. */
    static final long DRAIN_BYTES = 16 * 1024 * 1024;

    /** How long a refused body may keep trickling in before the connection is cut. */
    static final Duration DRAIN_TIME = Duration.ofSeconds(10);

    private BodyRefusal() {}

    /** Reads and discards a body not yet read (up to the bound), then fails with {@code error}. */
    public static <T> Mono<T> refuse(Flux<DataBuffer> body, Throwable error) {
        AtomicLong seen = new AtomicLong();
        // Released here and passed on as a count: a discard hook in the request's context
        // (Spring's, for data buffers) must not see, and release again, a buffer already let go.
        return body.map(buffer -> {
                    int size = buffer.readableByteCount();
                    DataBufferUtils.release(buffer);
                    return seen.addAndGet(size);
                })
                .takeWhile(total -> total <= DRAIN_BYTES)
                .then()
                .timeout(DRAIN_TIME, Mono.empty())
                .onErrorResume(e -> Mono.empty())
                .then(Mono.error(error));
    }

    /**
     * The body's first {@code max} bytes; a body longer than that is read to its end (within the
     * bounds, counted from the byte that passed {@code max}) with the excess discarded, and then
     * fails with {@code error}.
     */
    public static Flux<DataBuffer> limit(Flux<DataBuffer> body, long max, Supplier<? extends Throwable> error) {
        return Flux.defer(() -> {
            AtomicLong seen = new AtomicLong();
            Sinks.Empty<Void> over = Sinks.empty();
            Flux<DataBuffer> within = body.handle((buffer, sink) -> {
                long total = seen.addAndGet(buffer.readableByteCount());
                if (total <= max) {
                    sink.next(buffer);
                    return;
                }
                DataBufferUtils.release(buffer);
                over.tryEmitEmpty();
                if (total > max + DRAIN_BYTES) {
                    // Completing (not failing) here: a failure would hand the released buffer
                    // to a discard hook. The refusal follows below, as seen > max.
                    sink.complete();
                }
            });
            return within.takeUntilOther(over.asMono().then(Mono.delay(DRAIN_TIME)))
                    .concatWith(Mono.defer(() -> seen.get() > max ? Mono.error(error.get()) : Mono.empty()));
        });
    }
}
