package org.tidings.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.tidings.web.RateLimited;

/**
 * Limits failed sign-ins per username and per client address. Each failure takes a token from
 * both buckets; an empty bucket refuses further attempts until it refills, so guessing a
 * password costs the attacker time without locking the real user out for long.
 */
@Component
class LoginThrottle {

    private final AccountSettings settings;
    private final Cache<String, Bucket> buckets;

    LoginThrottle(AccountSettings settings) {
        this.settings = settings;
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(settings.failureWindow())
                .maximumSize(200_000)
                .build();
    }

    void checkAllowed(String username, String address) {
        waitFor(bucket("u:" + Accounts.normalize(username), settings.maxFailuresPerUsername()));
        waitFor(bucket("a:" + address, settings.maxFailuresPerAddress()));
    }

    /** Sign-ups cost a password hash each, so one address may only make so many an hour. */
    void checkRegistration(String address) {
        Bucket bucket = bucket("r:" + address, settings.maxRegistrationsPerAddress(), Duration.ofHours(1));
        if (!bucket.tryConsume(1)) {
            waitFor(bucket);
        }
    }

    void recordFailure(String username, String address) {
        bucket("u:" + Accounts.normalize(username), settings.maxFailuresPerUsername())
                .tryConsume(1);
        bucket("a:" + address, settings.maxFailuresPerAddress()).tryConsume(1);
    }

    private static void waitFor(Bucket bucket) {
        var probe = bucket.estimateAbilityToConsume(1);
        if (!probe.canBeConsumed()) {
            throw new RateLimited(
                    "Too many failed sign-ins; try again later", Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }

    private Bucket bucket(String key, int capacity) {
        return bucket(key, capacity, settings.failureWindow());
    }

    private Bucket bucket(String key, int capacity, Duration window) {
        return buckets.get(
                key,
                k -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(capacity)
                                .refillGreedy(capacity, window)
                                .build())
                        .build());
    }
}
