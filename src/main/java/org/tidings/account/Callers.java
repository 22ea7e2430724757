package org.tidings.account;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.cookie.Cookie;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.springframework.stereotype.Component;
import org.tidings.storage.Blocking;
import org.tidings.web.RouteAnswers;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Who is calling, from the request's bearer token or else its session cookie: the one rule for
 * the security chain and for routes that answer before it (the long poll). A cached answer comes
 * back on the calling thread; only a miss reads the database, on a virtual thread.
 */
@Component
public class Callers {

    /** The session cookie's name, for routes that read cookies themselves. */
    public static final String SESSION_COOKIE = AccountController.SESSION_COOKIE;

    /** The cookie a browser copies into the {@code X-XSRF-TOKEN} header (SecurityConfig's CSRF repository). */
    public static final String XSRF_COOKIE = "XSRF-TOKEN";

    private static final String XSRF_HEADER = "X-XSRF-TOKEN";

    private static final String BEARER = "Bearer ";

    private final Credentials credentials;

    Callers(Credentials credentials) {
        this.credentials = credentials;
    }

    /** True when the Authorization header names a bearer token (then cookies are not looked at). */
    public static boolean isBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    /**
     * The user behind an {@code Authorization} header value or a session cookie value (either
     * may be null); empty when there is no credential or it is unknown, expired or revoked.
     */
    public Mono<AuthenticatedUser> find(String authorization, String sessionCookie) {
        if (isBearer(authorization)) {
            String token = authorization.substring(BEARER.length()).strip();
            return resolve(credentials.cachedToken(token), () -> credentials.byToken(token));
        }
        if (sessionCookie != null && !sessionCookie.isEmpty()) {
            return resolve(credentials.cachedSession(sessionCookie), () -> credentials.bySession(sessionCookie));
        }
        return Mono.empty();
    }

    /**
     * The caller of a request answered by a Reactor Netty route (before the security chain), by
     * bearer token, else session cookie; fails with {@link RouteAnswers#unauthenticated()}.
     */
    public Mono<AuthenticatedUser> find(HttpServerRequest request) {
        String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        String session = isBearer(authorization) ? null : sessionCookie(request);
        return find(authorization, session).switchIfEmpty(Mono.error(RouteAnswers::unauthenticated));
    }

    /**
     * True when a change by this request passes the CSRF rule as the security chain checks it: a
     * bearer token (no ambient credential), or the {@code X-XSRF-TOKEN} header equal to the
     * {@code XSRF-TOKEN} cookie. A request without either may still be one the chain lets through
     * (no session cookie) or refuses; a route leaves those to it.
     */
    public static boolean passesCsrf(HttpServerRequest request) {
        if (isBearer(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION))) {
            return true;
        }
        String header = request.requestHeaders().get(XSRF_HEADER);
        Set<Cookie> cookies = request.cookies().get(XSRF_COOKIE);
        if (header == null || cookies == null || cookies.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(
                header.getBytes(StandardCharsets.UTF_8),
                cookies.iterator().next().value().getBytes(StandardCharsets.UTF_8));
    }

    private static String sessionCookie(HttpServerRequest request) {
        Set<Cookie> cookies = request.cookies().get(SESSION_COOKIE);
        return cookies == null || cookies.isEmpty()
                ? null
                : cookies.iterator().next().value();
    }

    private static Mono<AuthenticatedUser> resolve(
            Optional<AuthenticatedUser> cached, Callable<Optional<AuthenticatedUser>> lookup) {
        if (cached != null) {
            return Mono.justOrEmpty(cached);
        }
        return Blocking.call(lookup).flatMap(Mono::justOrEmpty);
    }
}
