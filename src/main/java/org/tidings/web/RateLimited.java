package org.tidings.web;

import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * 429 with the number of seconds to wait, sent as {@code Retry-After} and in the body. Made
 * through {@link RateLimitRefusals}, which counts it.
 */
public class RateLimited extends ApiException {

    private final long retryAfterSeconds;

    RateLimited(String detail, Duration retryAfter) {
        this(detail, Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }

    private RateLimited(String detail, long seconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", detail, Map.of("retryAfterSeconds", seconds));
        this.retryAfterSeconds = seconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
