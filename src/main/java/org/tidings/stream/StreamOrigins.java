package org.tidings.stream;

import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.tidings.web.Problem;
import org.tidings.web.WebSettings;
import reactor.core.publisher.Mono;

/**
 * Refuses stream handshakes ({@code /api/events/ws}, {@code /api/events/stream}) that a browser
 * page of a foreign origin makes with the user's session cookie.
 *
 * <p>Why: a WebSocket handshake is a GET, so it needs no CSRF token, and browsers send cookies
 * with it from any page of the same site (SameSite=Lax lets a sibling subdomain or a user-content
 * host through). Such a page could read the victim's stream and, through the {@code send}
 * command, post as them. Browsers always send {@code Origin} on a WebSocket handshake and on a
 * cross-origin EventSource, so it is checked against the server's own origin (as the client
 * addressed it, forwarded headers included when trusted) and {@code tidings.web.allowed-origins}.
 * SSE is checked too although it is read-only and the same-origin policy already hides a
 * cross-origin response without CORS: one rule for both stream handshakes, and no leak if CORS
 * is ever opened.
 *
 * <p>Not checked: handshakes with a bearer token (a page cannot make the browser add one, so
 * nothing ambient is used) and handshakes without {@code Origin} (not a browser: such a client
 * holds the cookie itself and could send any header). Runs before authentication, so a refused
 * handshake costs no credential lookup.
 */
@Component
class StreamOrigins implements WebFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(StreamOrigins.class);

    // Ahead of Spring Security's filter chain (-100): refuse before looking the cookie up.
    private static final int ORDER = -200;

    private final Set<String> allowed;

    StreamOrigins(WebSettings settings) {
        this.allowed = settings.normalisedAllowedOrigins();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!isStreamHandshake(request) || allows(request)) {
            return chain.filter(exchange);
        }
        log.warn(
                "stream handshake refused origin={} path={}",
                request.getHeaders().getOrigin(),
                request.getPath());
        return Problem.write(
                exchange,
                HttpStatus.FORBIDDEN,
                "origin_not_allowed",
                "This page's origin may not open the stream with the session cookie"
                        + " (allow it with tidings.web.allowed-origins, or authenticate with a bearer token)",
                Map.of());
    }

    private static boolean isStreamHandshake(ServerHttpRequest request) {
        String path = request.getPath().pathWithinApplication().value();
        return path.equals("/api/events/ws") || path.equals("/api/events/stream");
    }

    private boolean allows(ServerHttpRequest request) {
        String origin = request.getHeaders().getOrigin();
        if (origin == null || isBearer(request)) {
            return true;
        }
        String normalised = WebSettings.normalise(origin);
        return normalised != null
                && (normalised.equals(WebSettings.originOf(request.getURI())) || allowed.contains(normalised));
    }

    private static boolean isBearer(ServerHttpRequest request) {
        String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }
}
