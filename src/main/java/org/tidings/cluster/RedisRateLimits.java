package org.tidings.cluster;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Buckets in Redis through Bucket4j's Lettuce integration (compare-and-swap on one key per
 * bucket), shared by every node. While Redis is away each node falls back to its own buckets:
 * limits loosen to per node for that time rather than refusing everyone.
 */
@Component
@ClusterMode
class RedisRateLimits implements RateLimits {

    private static final Logger log = LoggerFactory.getLogger(RedisRateLimits.class);

    // A full bucket is the same as no bucket: let Redis drop it a little after it refilled.
    private static final Duration KEEP_AFTER_FULL = Duration.ofSeconds(10);

    private final Redis redis;
    private final LocalRateLimits fallback = new LocalRateLimits();
    private volatile ProxyManager<byte[]> proxies;
    private volatile boolean degraded;

    RedisRateLimits(Redis redis) {
        this.redis = redis;
    }

    @Override
    public boolean inMemory() {
        return false;
    }

    @Override
    public ConsumptionProbe tryConsume(String key, BucketConfiguration config) {
        return shared(
                key, config, bucket -> bucket.tryConsumeAndReturnRemaining(1), () -> fallback.tryConsume(key, config));
    }

    @Override
    public EstimationProbe estimate(String key, BucketConfiguration config) {
        return shared(key, config, bucket -> bucket.estimateAbilityToConsume(1), () -> fallback.estimate(key, config));
    }

    private <T> T shared(
            String key, BucketConfiguration config, Function<BucketProxy, T> operation, Supplier<T> local) {
        ProxyManager<byte[]> manager = proxies();
        if (manager == null) {
            return local.get();
        }
        try {
            T result = operation.apply(manager.builder().build(redis.name("rate:" + key), () -> config));
            if (degraded) {
                degraded = false;
                log.info("rate limits shared through redis again");
            }
            return result;
        } catch (RuntimeException e) {
            if (!degraded) {
                degraded = true;
                log.warn("rate limits fall back to this node while redis is unavailable cause={}", e.toString());
            }
            return local.get();
        }
    }

    private ProxyManager<byte[]> proxies() {
        ProxyManager<byte[]> manager = proxies;
        if (manager == null) {
            manager = redis.commands()
                    .map(connection -> Bucket4jLettuce.casBasedBuilder(connection)
                            .expirationAfterWrite(
                                    ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(KEEP_AFTER_FULL))
                            .build())
                    .orElse(null);
            proxies = manager;
        }
        return manager;
    }
}
