package org.tidings.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Makes the 429 of a rate limit and counts it as {@code tidings_rate_limit_refusals_total{limit}}:
 * a rising count tells an operator that a limit bites (a flood, or a limit set too low).
 */
@Component
public class RateLimitRefusals {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    RateLimitRefusals(MeterRegistry registry) {
        this.registry = registry;
    }

    /** {@code limit} names the limit (send, react, report, login): a fixed word, never user input. */
    public RateLimited refuse(String limit, String detail, Duration retryAfter) {
        counters.computeIfAbsent(
                        limit,
                        name -> Counter.builder("tidings.rate.limit.refusals")
                                .description("Requests refused by a rate limit")
                                .tag("limit", name)
                                .register(registry))
                .increment();
        return new RateLimited(detail, retryAfter);
    }
}
