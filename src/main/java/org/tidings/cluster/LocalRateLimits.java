package org.tidings.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Buckets in this node's memory. Also the fallback of {@link RedisRateLimits} while Redis is
 * away: limits then hold per node instead of not at all.
 */
@Component
@ClusterMode.SingleNode
class LocalRateLimits implements RateLimits {

    // An idle bucket is dropped after this; no bucket in Tidings takes longer than an hour to
    // refill, so a dropped bucket was full anyway and nothing is forgotten.
    private static final Duration IDLE = Duration.ofHours(1);

    // Bounds memory under a flood of distinct keys (addresses, usernames).
    private static final int MAX_BUCKETS = 200_000;

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(IDLE)
            .maximumSize(MAX_BUCKETS)
            .build();

    @Override
    public boolean inMemory() {
        return true;
    }

    @Override
    public ConsumptionProbe tryConsume(String key, BucketConfiguration config) {
        return bucket(key, config).tryConsumeAndReturnRemaining(1);
    }

    @Override
    public EstimationProbe estimate(String key, BucketConfiguration config) {
        return bucket(key, config).estimateAbilityToConsume(1);
    }

    private Bucket bucket(String key, BucketConfiguration config) {
        return buckets.get(key, k -> {
            var builder = Bucket.builder();
            for (Bandwidth limit : config.getBandwidths()) {
                builder.addLimit(limit);
            }
            return builder.build();
        });
    }
}
