package org.tidings.account;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Resolves a session secret or an API token to its user. Lookups are cached briefly because
 * every poll and stream connection authenticates, and a database round trip each time would
 * dominate a long poll's cost.
 */
@Component
class Credentials {

    private final Sessions sessions;
    private final ApiTokens tokens;
    private final Cache<String, Optional<AuthenticatedUser>> cache;

    Credentials(Sessions sessions, ApiTokens tokens, AccountSettings settings) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(settings.credentialCacheTtl())
                .maximumSize(100_000)
                .build();
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

    void forgetSession(String secret) {
        cache.invalidate("s:" + Secrets.hash(secret));
    }

    void forgetToken(String tokenHash) {
        cache.invalidate("t:" + tokenHash);
    }
}
