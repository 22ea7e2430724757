package org.tidings.account;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.EstimationProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.stereotype.Component;
import org.tidings.cluster.RateLimits;
import org.tidings.web.RateLimitRefusals;
import org.tidings.web.RateLimited;

/**
 * Limits failed sign-ins per username and per client address. Each failure takes a token from
 * both buckets; an empty bucket refuses further attempts until it refills, so guessing a
 * password costs the attacker time without locking the real user out for long. The buckets are
 * shared by every node in cluster mode, so spreading attempts across nodes gains nothing.
 */
@Component
class LoginThrottle {

    private final AccountSettings settings;
    private final RateLimits limits;
    private final Counter failures;
    private final RateLimitRefusals refusals;

    LoginThrottle(AccountSettings settings, RateLimits limits, MeterRegistry meters, RateLimitRefusals refusals) {
        this.refusals = refusals;
        this.settings = settings;
        this.limits = limits;
        this.failures = Counter.builder("tidings.login.failures")
                .description("Sign-ins refused for a wrong username or password")
                .register(meters);
    }

    void checkAllowed(String username, String address) {
        waitFor(limits.estimate(usernameKey(username), failures(settings.maxFailuresPerUsername())));
        waitFor(limits.estimate(addressKey(address), failures(settings.maxFailuresPerAddress())));
    }

    /** Sign-ups cost a password hash each, so one address may only make so many an hour. */
    void checkRegistration(String address) {
        int allowed = settings.maxRegistrationsPerAddress();
        var probe = limits.tryConsume("login:r:" + address, config(allowed, Duration.ofHours(1)));
        if (!probe.isConsumed()) {
            throw tooMany(probe.getNanosToWaitForRefill());
        }
    }

    void recordFailure(String username, String address) {
        failures.increment();
        limits.tryConsume(usernameKey(username), failures(settings.maxFailuresPerUsername()));
        limits.tryConsume(addressKey(address), failures(settings.maxFailuresPerAddress()));
    }

    private static String usernameKey(String username) {
        return "login:u:" + Accounts.normalize(username);
    }

    private static String addressKey(String address) {
        return "login:a:" + address;
    }

    private void waitFor(EstimationProbe probe) {
        if (!probe.canBeConsumed()) {
            throw tooMany(probe.getNanosToWaitForRefill());
        }
    }

    private RateLimited tooMany(long nanosToWait) {
        return refusals.refuse("login", "Too many failed sign-ins; try again later", Duration.ofNanos(nanosToWait));
    }

    private BucketConfiguration failures(int capacity) {
        return config(capacity, settings.failureWindow());
    }

    private static BucketConfiguration config(int capacity, Duration window) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(capacity)
                        .refillGreedy(capacity, window)
                        .build())
                .build();
    }
}
