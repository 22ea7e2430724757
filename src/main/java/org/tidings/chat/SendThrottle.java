package org.tidings.chat;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.tidings.cluster.RateLimits;
import org.tidings.web.RateLimitRefusals;

/**
 * Per-user message rate: a token bucket, so bursts of normal typing pass and floods do not. One
 * bucket per user across the cluster, whichever node the messages arrive on.
 */
@Component
class SendThrottle {

    private final RateLimits limits;
    private final RateLimitRefusals refusals;
    private final BucketConfiguration config;

    SendThrottle(ChatSettings settings, RateLimits limits, RateLimitRefusals refusals) {
        this.limits = limits;
        this.refusals = refusals;
        this.config = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(settings.sendBurst())
                        .refillGreedy(settings.sendRefillPerSecond(), Duration.ofSeconds(1))
                        .build())
                .build();
    }

    /** Whether {@link #acquire} decides in memory, without blocking (no Redis to ask). */
    boolean inMemory() {
        return limits.inMemory();
    }

    void acquire(long userId) {
        var probe = limits.tryConsume("send:" + userId, config);
        if (!probe.isConsumed()) {
            throw refusals.refuse(
                    "send", "Sending too fast; slow down", Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }
}
