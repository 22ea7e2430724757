package org.tidings.stream;

import java.util.Queue;
import java.util.concurrent.Executor;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * A live connection's bounded queue of frames. The fan-out offers without ever blocking; when
 * the queue is full the connection fails with {@link SlowConsumer} and the client resumes from
 * its cursor, so one slow socket never holds up the others or grows memory without bound.
 */
final class ConnectionInbox implements Hub.Listener {

    // The queue grows in chunks of this many frames: an idle connection holds one small chunk
    // instead of a preallocated array of the whole capacity (thousands of idle streams).
    private static final int CHUNK = 8;

    private final int capacity;
    private final Executor loop;
    private final Queue<Frame> queue = Queues.<Frame>unbounded(CHUNK).get();
    private final Sinks.Many<Frame> sink = Sinks.many().unicast().onBackpressureBuffer(queue);

    /** {@code loop}: the connection's event loop, or null if unknown (see Hub.Listener#loop). */
    ConnectionInbox(int capacity, Executor loop) {
        this.capacity = capacity;
        this.loop = loop;
    }

    @Override
    public Executor loop() {
        return loop;
    }

    Flux<Frame> frames() {
        return sink.asFlux();
    }

    // Producers are the writer's fan-out and ephemeral senders on other threads; the sink
    // accepts one emitter at a time, hence the lock (uncontended in the common case).
    @Override
    public synchronized boolean offer(Frame frame) {
        if (queue.size() >= capacity) {
            return false;
        }
        sink.tryEmitNext(frame);
        return true;
    }

    @Override
    public synchronized void overflow() {
        sink.tryEmitError(new SlowConsumer());
    }

    /** The client read too slowly; it should reconnect with its last cursor. */
    static final class SlowConsumer extends RuntimeException {
        SlowConsumer() {
            super("Connection fell too far behind; resume from your last cursor", null, false, false);
        }
    }
}
