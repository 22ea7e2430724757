package org.tidings.account;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.stereotype.Component;
import org.tidings.storage.Blocking;
import org.tidings.web.ApiException;
import org.tidings.web.RouteAnswers;
import org.tidings.web.RouteTimers;
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

    private final Callers callers;
    private final Accounts accounts;
    private final JsonMapper json;
    private final RouteTimers.Route timers;

    MeRoute(Callers callers, Accounts accounts, JsonMapper json, RouteTimers timers) {
        this.callers = callers;
        this.accounts = accounts;
        this.json = json;
        this.timers = timers.route("GET", PATH);
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.route(MeRoute::takes, this::me);
    }

    private Mono<Void> me(HttpServerRequest request, HttpServerResponse response) {
        return timers.timed(response, answer(request, response));
    }

    private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
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
        if (!RouteAnswers.plainJsonRequest(request)) {
            return false;
        }
        return Callers.isBearer(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION))
                || !request.cookies().containsKey(Callers.SESSION_COOKIE)
                || request.cookies().containsKey(Callers.XSRF_COOKIE);
    }
}
