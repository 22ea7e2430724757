package org.tidings.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.tidings.storage.Blocking;
import org.tidings.web.ApiException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One user's stream after a cursor, the same for every transport: register with the hub, read
 * the database up to the hub's position at registration, then forward live frames beyond it.
 * Only the framing differs between WebSocket, SSE and polls.
 */
@Component
class EventFeed {

    /** A poll's answer: events in order, and the cursor to send next time. */
    record Batch(List<Frame> frames, String cursor) {}

    private final Hub hub;
    private final StreamReader reader;
    private final StreamSettings settings;
    private final ApplicationEventPublisher events;

    EventFeed(Hub hub, StreamReader reader, StreamSettings settings, ApplicationEventPublisher events) {
        this.hub = hub;
        this.reader = reader;
        this.settings = settings;
        this.events = events;
    }

    /** Resolves a client's cursor (null: now) to a position, off the event loop. */
    Mono<Long> start(String cursor) {
        return Blocking.call(() -> reader.resolve(cursor));
    }

    String cursor(long position) {
        return reader.cursor(position);
    }

    /** Everything at or below this position is committed and was published. */
    long now() {
        return hub.position();
    }

    /** Every event after {@code after}, then live ones, until the subscriber cancels. */
    /**
     * {@code ready} goes first, once the connection is registered with the hub: a client that
     * has seen it will also see every ephemeral event sent after it (typing, progress).
     */
    Flux<Frame> follow(long userId, long after, Frame ready) {
        return Flux.defer(() -> {
            if (hub.connections(userId) >= settings.maxConnectionsPerUser()) {
                return Flux.error(new ApiException(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "too_many_connections",
                        "Too many open streams for this user; close one first"));
            }
            ConnectionInbox inbox = new ConnectionInbox(settings.connectionBuffer());
            Hub.Registration registration = hub.register(userId, inbox);
            events.publishEvent(new StreamOpened(userId, false, 0));
            long upTo = registration.startPosition();
            // In a cluster the client's cursor may come from a node whose hub is ahead of this
            // one: live frames up to the cursor were delivered already.
            long seen = Math.max(upTo, after);
            Flux<Frame> live = inbox.frames().filter(f -> !f.persisted() || f.position() > seen);
            return Flux.concat(Mono.just(ready), catchUp(userId, after, upTo), live)
                    .doFinally(signal -> {
                        hub.unregister(registration);
                        events.publishEvent(new StreamClosed(userId));
                    });
        });
    }

    private Flux<Frame> catchUp(long userId, long after, long upTo) {
        int page = settings.pageSize();
        return Blocking.call(() -> reader.read(userId, after, upTo, page)).flatMapMany(frames -> {
            if (frames.size() < page) {
                return Flux.fromIterable(frames);
            }
            long last = frames.getLast().position();
            return Flux.fromIterable(frames).concatWith(Flux.defer(() -> catchUp(userId, last, upTo)));
        });
    }

    /**
     * A poll: answers at once with what is there; with a wait, holds the request (no thread)
     * until an event arrives or the wait ends.
     */
    Mono<Batch> poll(long userId, long after, Duration wait) {
        events.publishEvent(new StreamOpened(userId, true, wait.toMillis()));
        if (wait.isZero()) {
            return Blocking.call(() -> batch(userId, after, hub.position(), List.of()));
        }
        return Mono.defer(() -> {
            Waiter waiter = new Waiter();
            Hub.Registration registration = hub.register(userId, waiter);
            long upTo = registration.startPosition();
            return Blocking.call(() -> batch(userId, after, upTo, List.of()))
                    .flatMap(first -> first.frames().isEmpty()
                            ? waiter.woken()
                                    .timeout(wait, Mono.just(Boolean.FALSE))
                                    .then(Blocking.call(() -> batch(userId, after, hub.position(), waiter.ephemeral())))
                            : Mono.just(first))
                    .doFinally(signal -> hub.unregister(registration));
        });
    }

    private Batch batch(long userId, long after, long upTo, List<Frame> ephemeral) {
        List<Frame> frames = new ArrayList<>(reader.read(userId, after, upTo, settings.pageSize()));
        long next = frames.isEmpty() ? after : frames.getLast().position();
        if (frames.size() < settings.pageSize()) {
            // Nothing more up to upTo: the next poll may start there, skipping events of others.
            next = Math.max(next, upTo);
        }
        frames.addAll(ephemeral);
        return new Batch(frames, reader.cursor(next));
    }

    /** A long poll's wake-up: any frame for the user ends the wait. */
    private static final class Waiter implements Hub.Listener {
        // Ephemeral frames have no position to re-read them by, so the waiter keeps a few.
        private static final int MAX_EPHEMERAL = 64;

        private final Sinks.One<Boolean> woken = Sinks.one();
        private final List<Frame> ephemeral = new ArrayList<>();

        @Override
        public synchronized boolean offer(Frame frame) {
            if (!frame.persisted() && ephemeral.size() < MAX_EPHEMERAL) {
                ephemeral.add(frame);
            }
            woken.tryEmitValue(Boolean.TRUE);
            return true;
        }

        @Override
        public void overflow() {}

        Mono<Boolean> woken() {
            return woken.asMono();
        }

        synchronized List<Frame> ephemeral() {
            return List.copyOf(ephemeral);
        }
    }
}
