package org.tidings.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.tidings.cluster.Bus;

/**
 * Resolves a session secret or an API token to its user. Lookups are cached briefly because
 * every poll and stream connection authenticates, and a database round trip each time would
 * dominate a long poll's cost. Logout and revocation drop the entry here at once and, through
 * the cluster bus, on the other nodes within milliseconds; at the latest when the entry expires.
 */
@Component
class Credentials {

    private static final String FORGET = "credentials.forget";
    private static final String FORGET_USER = "credentials.forget-user";

    private final Sessions sessions;
    private final ApiTokens tokens;
    private final Bus bus;
    private final Cache<String, Optional<AuthenticatedUser>> cache;

    Credentials(Sessions sessions, ApiTokens tokens, AccountSettings settings, Bus bus) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.bus = bus;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(settings.credentialCacheTtl())
                .maximumSize(100_000)
                .build();
        // The key holds only a hash of the secret, never the secret itself.
        bus.subscribe(FORGET, key -> cache.invalidate(new String(key, StandardCharsets.UTF_8)));
        bus.subscribe(FORGET_USER, id -> dropUser(Long.parseLong(new String(id, StandardCharsets.UTF_8))));
    }

    Optional<AuthenticatedUser> bySession(String secret) {
        return cache.get("s:" + Secrets.hash(secret), key -> sessions.find(secret));
    }

    Optional<AuthenticatedUser> byToken(String secret) {
        if (!secret.startsWith(ApiTokens.PREFIX)) {
            return Optional.empty();
        }
        return cache.get("t:" + Secrets.hash(secret), key -> tokens.find(secret));
    }

    /**
     * The cached answer for a session, without a database read: {@code null} when it is not
     * cached (then {@link #bySession} must run, off the event loop). Most requests of a signed-in
     * client are answered here, so they need no hop to a virtual thread just to authenticate.
     */
    Optional<AuthenticatedUser> cachedSession(String secret) {
        return cache.getIfPresent("s:" + Secrets.hash(secret));
    }

    /** As {@link #cachedSession}, for an API token; an answer that needs no lookup is never null. */
    Optional<AuthenticatedUser> cachedToken(String secret) {
        return secret.startsWith(ApiTokens.PREFIX) ? cache.getIfPresent("t:" + Secrets.hash(secret)) : Optional.empty();
    }

    void forgetSession(String secret) {
        forget("s:" + Secrets.hash(secret));
    }

    void forgetToken(String tokenHash) {
        forget("t:" + tokenHash);
    }

    /**
     * Every cached session and token of a user, here and on the other nodes (a deactivated
     * account). The cache is keyed by secret, so this scans it: rare, and bounded by its size.
     */
    void forgetUser(long userId) {
        dropUser(userId);
        bus.publish(FORGET_USER, Long.toString(userId).getBytes(StandardCharsets.UTF_8));
    }

    private void dropUser(long userId) {
        cache.asMap().values().removeIf(user -> user.isPresent() && user.get().id() == userId);
    }

    private void forget(String key) {
        cache.invalidate(key);
        bus.publish(FORGET, key.getBytes(StandardCharsets.UTF_8));
    }
}
