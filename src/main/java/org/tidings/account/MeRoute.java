package org.tidings.account;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.stereotype.Component;
import org.tidings.storage.Blocking;
import org.tidings.web.ApiException;
import org.tidings.web.RouteAnswers;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/me}, answered by Reactor Netty before WebFlux: every client asks it on every
 * page load and every script starts with it, and through WebFlux the framework's work (firewall,
 * security chain, handler mapping, argument resolution, content negotiation, the request
 * observation) cost several times the answer. The rules are the API's: the same credential
 * lookup (bearer token, else session cookie), problem+json with the same codes, the same body
 * (the application's JSON mapper) and the API's response headers.
 *
 * <p>Only requests this route answers exactly as WebFlux would are taken; the rest go on to
 * {@link AccountController}: a query string or a header the firewall might refuse, an Accept
 * header that is not plainly JSON (WebFlux negotiates, and may answer 406), and a cookie caller
 * without an {@code XSRF-TOKEN} cookie (the security chain hands it one; this route sets no
 * cookies).
 */
@Component
class MeRoute implements NettyRouteProvider {

    static final String PATH = "/api/me";

    private static final String XSRF_COOKIE = "XSRF-TOKEN";

    private final Callers callers;
    private final Accounts accounts;
    private final JsonMapper json;

    MeRoute(Callers callers, Accounts accounts, JsonMapper json) {
        this.callers = callers;
        this.accounts = accounts;
        this.json = json;
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.route(MeRoute::takes, this::me);
    }

    private Mono<Void> me(HttpServerRequest request, HttpServerResponse response) {
        return callers.find(request)
                .flatMap(me -> Blocking.call(() -> accounts.me(me.id())))
                .flatMap(me -> me.map(found -> RouteAnswers.send(
                                response, HttpResponseStatus.OK, "application/json", json.writeValueAsBytes(found)))
                        .orElseGet(() -> Mono.error(ApiException.notFound("User"))))
                .onErrorResume(error -> RouteAnswers.problem(request, response, error));
    }

    /** True for the requests this route answers as WebFlux would (see the class comment). */
    static boolean takes(HttpServerRequest request) {
        if (request.method() != HttpMethod.GET || !PATH.equals(request.uri())) {
            return false;
        }
        HttpHeaders headers = request.requestHeaders();
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        String cookie = headers.get(HttpHeaderNames.COOKIE);
        String accept = headers.get(HttpHeaderNames.ACCEPT);
        if (!plain(authorization) || !plain(cookie) || !plain(accept) || !acceptsJson(accept)) {
            return false;
        }
        return Callers.isBearer(authorization)
                || !request.cookies().containsKey(Callers.SESSION_COOKIE)
                || request.cookies().containsKey(XSRF_COOKIE);
    }

    /** No control characters but tab: what the firewall allows in a header value. */
    private static boolean plain(String value) {
        if (value == null) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    /**
     * No Accept header, or one that lists only types plain JSON satisfies (no parameters, no
     * quality values): then WebFlux too answers {@code application/json}.
     */
    private static boolean acceptsJson(String accept) {
        if (accept == null) {
            return true;
        }
        for (String type : accept.split(",")) {
            String plainType = type.strip();
            if (!plainType.equals("*/*")
                    && !plainType.equals("application/json")
                    && !plainType.equals("application/*")) {
                return false;
            }
        }
        return true;
    }
}
