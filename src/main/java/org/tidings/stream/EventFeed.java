package org.tidings.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.tidings.storage.Blocking;
import org.tidings.web.ApiException;
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
    private final StreamMeters meters;
    private final StreamReader reader;
    private final StreamSettings settings;
    private final ApplicationEventPublisher events;

    EventFeed(
            Hub hub,
            StreamReader reader,
            StreamSettings settings,
            ApplicationEventPublisher events,
            StreamMeters meters) {
        this.meters = meters;
        this.hub = hub;
        this.reader = reader;
        this.settings = settings;
        this.events = events;
    }

    /** Resolves a client's cursor (null: now) to a position; off the event loop if it must read. */
    Mono<Long> start(String cursor) {
        return Mono.defer(() -> {
            Long live = reader.resolveLive(cursor);
            return live != null ? Mono.just(live) : Blocking.call(() -> reader.resolve(cursor));
        });
    }

    String cursor(long position) {
        return reader.cursor(position);
    }

    /** Everything at or below this position is committed and was published. */
    long now() {
        return hub.position();
    }

    /**
     * Registers a live connection (WebSocket or SSE) with the hub; its start position is where
     * the database catch-up ends and live frames begin. Refuses a user over the connection cap.
     */
    Hub.Registration open(long userId, Hub.Listener listener) {
        if (hub.connections(userId) >= settings.maxConnectionsPerUser()) {
            meters.capRefused();
            throw new ApiException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "too_many_connections",
                    "Too many open streams for this user; close one first");
        }
        Hub.Registration registration = hub.register(userId, listener);
        events.publishEvent(new StreamOpened(userId, false, 0));
        return registration;
    }

    /** Ends what {@link #open} began; call once. */
    void close(Hub.Registration registration) {
        hub.unregister(registration);
        events.publishEvent(new StreamClosed(registration.userId()));
    }

    /** Persisted events after {@code after} up to {@code upTo}, one page, read off the event loop. */
    Mono<List<Frame>> page(long userId, long after, long upTo) {
        return Blocking.call(() -> reader.read(userId, after, upTo, settings.pageSize()));
    }

    int pageSize() {
        return settings.pageSize();
    }

    /**
     * A poll: answers at once with what is there; with a wait, holds the request (no thread)
     * until an event arrives or the wait ends.
     */
    Mono<Batch> poll(long userId, long after, Duration wait) {
        events.publishEvent(new StreamOpened(userId, true, wait.toMillis()));
        if (wait.isZero()) {
            return catchUp(userId, after, hub.position());
        }
        return Mono.defer(() -> {
            Waiter waiter = new Waiter(settings.pageSize());
            Hub.Registration registration = hub.register(userId, waiter);
            meters.pollWaiting();
            long upTo = registration.startPosition();
            return catchUp(userId, after, upTo)
                    .flatMap(found -> found.frames().isEmpty()
                            ? waiter.woken()
                                    .timeout(wait, Mono.just(Boolean.FALSE))
                                    .flatMap(woke ->
                                            woke && !settings.longPollLinger().isZero()
                                                    ? Mono.delay(settings.longPollLinger())
                                                            .thenReturn(woke)
                                                    : Mono.just(woke))
                                    .then(Mono.defer(() -> caughtLive(userId, after, registration, waiter)))
                            : Mono.just(found))
                    .doFinally(signal -> {
                        hub.unregister(registration);
                        meters.pollDone();
                    });
        });
    }

    /**
     * What a long poll caught while waiting: the waiter was registered from the start position
     * on, so it holds every event of the user after it, in order; no database read, unless more
     * arrived than it keeps.
     */
    private Mono<Batch> caughtLive(long userId, long after, Hub.Registration registration, Waiter waiter) {
        long upTo = hub.unregister(registration);
        Waiter.Caught caught = waiter.caught();
        if (caught.overflowed()) {
            List<Frame> ephemeral =
                    caught.frames().stream().filter(f -> !f.persisted()).toList();
            return Blocking.call(() -> batch(userId, after, upTo, ephemeral));
        }
        // A cursor from a node whose hub is ahead of this one: skip what the client has seen.
        long seen = Math.max(after, registration.startPosition());
        List<Frame> frames = caught.frames().stream()
                .filter(f -> !f.persisted() || f.position() > seen)
                .toList();
        return Mono.just(new Batch(frames, reader.cursor(Math.max(upTo, after))));
    }

    /**
     * The user's events after the cursor up to {@code upTo}: from the hub's memory when it still
     * has them all (a poller asking again just after the next event went out), else from the
     * database off the event loop.
     */
    private Mono<Batch> catchUp(long userId, long after, long upTo) {
        if (upTo <= after) {
            // Caught up (the usual re-poll when events are rare): nothing to read.
            return Mono.just(new Batch(List.of(), reader.cursor(after)));
        }
        List<Frame> recent = hub.recent(userId, after, upTo, settings.pageSize());
        return recent != null
                ? Mono.just(page(recent, after, upTo, List.of()))
                : Blocking.call(() -> batch(userId, after, upTo, List.of()));
    }

    private Batch batch(long userId, long after, long upTo, List<Frame> ephemeral) {
        return page(reader.read(userId, after, upTo, settings.pageSize()), after, upTo, ephemeral);
    }

    /** A page read after the cursor (at most a page size) and the cursor to send next. */
    private Batch page(List<Frame> read, long after, long upTo, List<Frame> ephemeral) {
        List<Frame> frames = new ArrayList<>(read);
        long next = frames.isEmpty() ? after : frames.getLast().position();
        if (frames.size() < settings.pageSize()) {
            // Nothing more up to upTo: the next poll may start there, skipping events of others.
            next = Math.max(next, upTo);
        }
        frames.addAll(ephemeral);
        return new Batch(frames, reader.cursor(next));
    }

    /**
     * A long poll's wake-up and catch: any frame for the user ends the wait, and the frames that
     * arrive until the answer are kept, up to a page; beyond that the answer reads the database.
     */
    private static final class Waiter implements Hub.Listener {

        record Caught(List<Frame> frames, boolean overflowed) {}

        private final Sinks.One<Boolean> woken = Sinks.one();
        private final List<Frame> frames = new ArrayList<>();
        private final int limit;
        private boolean overflowed;

        Waiter(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized boolean offer(Frame frame) {
            if (frames.size() < limit) {
                frames.add(frame);
            } else if (frame.persisted()) {
                // Ephemeral frames have no position to re-read by; persisted ones can be read.
                overflowed = true;
            }
            woken.tryEmitValue(Boolean.TRUE);
            return true;
        }

        @Override
        public void overflow() {}

        Mono<Boolean> woken() {
            return woken.asMono();
        }

        synchronized Caught caught() {
            return new Caught(List.copyOf(frames), overflowed);
        }
    }
}
