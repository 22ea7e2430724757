package org.tidings.chat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The chat feature's meters in /actuator/prometheus: {@code tidings_sends_total{outcome}}
 * (created, duplicate, refused, rate_limited, failed) and {@code tidings_users_online} (users with a
 * live stream or a recent poll on this node).
 */
@Component
class ChatMeters {

    private final MeterRegistry registry;
    private final Map<String, Counter> sends = new ConcurrentHashMap<>();

    ChatMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    void sent(String outcome) {
        sends.computeIfAbsent(
                        outcome,
                        o -> Counter.builder("tidings.sends")
                                .description("Message sends by outcome")
                                .tag("outcome", o)
                                .register(registry))
                .increment();
    }

    void onlineUsers(Supplier<Number> count) {
        Gauge.builder("tidings.users.online", count)
                .description("Users online on this node: a live stream or a recent poll")
                .register(registry);
    }
}
