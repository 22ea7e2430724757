package org.tidings.stream;

import io.netty.handler.codec.http.HttpHeaderNames;
import java.net.URI;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.stereotype.Component;
import org.springframework.web.util.ForwardedHeaderUtils;
import org.tidings.account.Callers;
import org.tidings.web.ApiException;
import org.tidings.web.WebSettings;
import reactor.netty.http.server.HttpServerRequest;

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
 * holds the cookie itself and could send any header). Checked before authentication, so a refused
 * handshake costs no credential lookup. The stream routes answer before every WebFilter, so this
 * is a check they call, not a filter.
 */
@Component
class StreamOrigins {

    private static final Logger log = LoggerFactory.getLogger(StreamOrigins.class);

    private final Set<String> allowed;
    private final boolean trustForwarded;

    StreamOrigins(WebSettings settings, @Value("${tidings.web.trust-forwarded-headers:false}") boolean trustForwarded) {
        this.allowed = settings.normalisedAllowedOrigins();
        this.trustForwarded = trustForwarded;
    }

    /**
     * Throws {@code 403 origin_not_allowed} for a cookie handshake from a foreign page. The stream
     * routes answer before WebFlux, so they call this themselves, before looking the caller up.
     */
    void check(HttpServerRequest request) {
        if (!allows(request)) {
            log.warn(
                    "stream handshake refused origin={} path={}",
                    request.requestHeaders().get(HttpHeaderNames.ORIGIN),
                    request.fullPath());
            throw ApiException.forbidden(
                    "origin_not_allowed",
                    "This page's origin may not open the stream with the session cookie"
                            + " (allow it with tidings.web.allowed-origins, or authenticate with a bearer token)");
        }
    }

    private boolean allows(HttpServerRequest request) {
        io.netty.handler.codec.http.HttpHeaders headers = request.requestHeaders();
        String origin = headers.get(HttpHeaderNames.ORIGIN);
        if (origin == null || Callers.isBearer(headers.get(HttpHeaderNames.AUTHORIZATION))) {
            return true;
        }
        String normalised = WebSettings.normalise(origin);
        return normalised != null && (allowed.contains(normalised) || normalised.equals(ownOrigin(request)));
    }

    /**
     * The server's origin as the client addressed it: the Host header and the connection's scheme,
     * or what a trusted proxy forwarded (the same rule WebFlux's ForwardedHeaderTransformer applies
     * to the rest of the API, which these routes answer ahead of).
     */
    private String ownOrigin(HttpServerRequest request) {
        String host = request.requestHeaders().get(HttpHeaderNames.HOST);
        if (host == null) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(request.scheme() + "://" + host);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (trustForwarded) {
            HttpHeaders forwarded = new HttpHeaders(new Netty4HeadersAdapter(request.requestHeaders()));
            uri = ForwardedHeaderUtils.adaptFromForwardedHeaders(uri, forwarded)
                    .build()
                    .toUri();
        }
        return WebSettings.originOf(uri);
    }
}
