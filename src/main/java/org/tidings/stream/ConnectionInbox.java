package org.tidings.stream;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * A live connection's bounded queue of frames. The fan-out offers without ever blocking; when
 * the queue is full the connection fails with {@link SlowConsumer} and the client resumes from
 * its cursor, so one slow socket never holds up the others or grows memory without bound.
 */
final class ConnectionInbox implements Hub.Listener {

    private final Sinks.Many<Frame> sink;

    ConnectionInbox(int capacity) {
        this.sink = Sinks.many()
                .unicast()
                .onBackpressureBuffer(Queues.<Frame>get(capacity).get());
    }

    Flux<Frame> frames() {
        return sink.asFlux();
    }

    // Producers are the writer's fan-out and ephemeral senders on other threads; the sink
    // accepts one emitter at a time, hence the lock (uncontended in the common case).
    @Override
    public synchronized boolean offer(Frame frame) {
        Sinks.EmitResult result = sink.tryEmitNext(frame);
        return result != Sinks.EmitResult.FAIL_OVERFLOW;
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
