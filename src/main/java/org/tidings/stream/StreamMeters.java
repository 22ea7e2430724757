package org.tidings.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * The streaming edge's meters: {@code tidings_streams_open{transport}},
 * {@code tidings_events_delivered_total{transport}} (frames written to live streams, counted once
 * per flush), {@code tidings_streams_slow_consumer_total{transport}} (streams cut off because the
 * client read too slowly) and {@code tidings_streams_refused_total} (handshakes over the per-user
 * connection cap). Waiting long polls are {@code tidings_polls_waiting}.
 */
@Component
class StreamMeters {

    private static final String[] TRANSPORTS = {"websocket", "sse"};

    private final Map<String, AtomicInteger> open;
    private final Map<String, Counter> delivered;
    private final Map<String, Counter> slow;
    private final Counter refused;
    private final AtomicInteger waitingPolls = new AtomicInteger();

    StreamMeters(MeterRegistry registry) {
        this.open = Map.of(TRANSPORTS[0], new AtomicInteger(), TRANSPORTS[1], new AtomicInteger());
        open.forEach((transport, count) -> Gauge.builder("tidings.streams.open", count, AtomicInteger::get)
                .description("Live streams open on this node")
                .tag("transport", transport)
                .register(registry));
        this.delivered = Map.of(
                TRANSPORTS[0], counter(registry, "tidings.events.delivered", TRANSPORTS[0]),
                TRANSPORTS[1], counter(registry, "tidings.events.delivered", TRANSPORTS[1]));
        this.slow = Map.of(
                TRANSPORTS[0], counter(registry, "tidings.streams.slow.consumer", TRANSPORTS[0]),
                TRANSPORTS[1], counter(registry, "tidings.streams.slow.consumer", TRANSPORTS[1]));
        this.refused = Counter.builder("tidings.streams.refused")
                .description("Stream handshakes refused: the user had the most streams allowed open")
                .register(registry);
        Gauge.builder("tidings.polls.waiting", waitingPolls, AtomicInteger::get)
                .description("Long polls waiting for events on this node")
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String name, String transport) {
        return Counter.builder(name).tag("transport", transport).register(registry);
    }

    void opened(String transport) {
        open.get(transport).incrementAndGet();
    }

    void closed(String transport) {
        open.get(transport).decrementAndGet();
    }

    void delivered(String transport, int frames) {
        if (frames > 0) {
            delivered.get(transport).increment(frames);
        }
    }

    void slowConsumer(String transport) {
        slow.get(transport).increment();
    }

    void capRefused() {
        refused.increment();
    }

    void pollWaiting() {
        waitingPolls.incrementAndGet();
    }

    void pollDone() {
        waitingPolls.decrementAndGet();
    }
}
