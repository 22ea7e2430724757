package org.tidings.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.tidings.web.RateLimited;

/** Per-user message rate: a token bucket, so bursts of normal typing pass and floods do not. */
@Component
class SendThrottle {

    private final ChatSettings settings;
    private final Cache<Long, Bucket> buckets =
            Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();

    SendThrottle(ChatSettings settings) {
        this.settings = settings;
    }

    void acquire(long userId) {
        Bucket bucket = buckets.get(
                userId,
                id -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(settings.sendBurst())
                                .refillGreedy(settings.sendRefillPerSecond(), Duration.ofSeconds(1))
                                .build())
                        .build());
        var probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            throw new RateLimited("Sending too fast; slow down", Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }
}
