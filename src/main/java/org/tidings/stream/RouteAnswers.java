package org.tidings.stream;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.tidings.account.AuthenticatedUser;
import org.tidings.account.Callers;
import org.tidings.web.Problem;
import org.tidings.web.ProblemExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * What the stream's Reactor Netty routes (polls, SSE, WebSocket) share: they answer before
 * WebFlux and its security chain, so they find the caller and write problem+json themselves, by
 * the API's rules (bearer token, else session cookie; the same codes; the API's headers).
 */
final class RouteAnswers {

    private RouteAnswers() {}

    /** The caller by bearer token, else session cookie; fails with 401 unauthenticated. */
    static Mono<AuthenticatedUser> caller(Callers callers, HttpServerRequest request) {
        String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        String session = Callers.isBearer(authorization) ? null : sessionCookie(request);
        return callers.find(authorization, session).switchIfEmpty(Mono.error(Unauthenticated::new));
    }

    /** A query parameter's first value, or null. */
    static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The request's query parameter, or null. */
    static String parameter(HttpServerRequest request, String name) {
        return first(new QueryStringDecoder(request.uri()).parameters(), name);
    }

    private static String sessionCookie(HttpServerRequest request) {
        Set<Cookie> cookies = request.cookies().get(Callers.SESSION_COOKIE);
        return cookies == null || cookies.isEmpty()
                ? null
                : cookies.iterator().next().value();
    }

    /** One write: status, the API's headers (as web/ResponseHeaders sets them) and the body. */
    static Mono<Void> send(HttpServerResponse response, HttpResponseStatus status, String type, byte[] body) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, type)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .sendByteArray(Mono.just(body))
                .then();
    }

    /** The problem+json answer to a failure before the response started, as WebFlux gives it. */
    static Mono<Void> problem(HttpServerRequest request, HttpServerResponse response, Throwable error) {
        if (response.hasSentHeaders()) {
            return Mono.error(error);
        }
        String path = request.fullPath();
        Problem.Answer answer = error instanceof Unauthenticated
                ? new Problem.Answer(
                        HttpStatus.UNAUTHORIZED, "unauthenticated", "Sign in or send a valid bearer token", Map.of(), 0)
                : ProblemExceptionHandler.answer(error, path);
        if (answer == null) {
            return Mono.empty();
        }
        if (answer.retryAfterSeconds() > 0) {
            response.header(HttpHeaderNames.RETRY_AFTER, Long.toString(answer.retryAfterSeconds()));
        }
        byte[] body = Problem.bytes(answer.status(), answer.code(), answer.detail(), answer.extra(), path);
        return send(response, HttpResponseStatus.valueOf(answer.status().value()), "application/problem+json", body);
    }

    /** No credential, or an unknown one: the answer the security chain's entry point gives. */
    private static final class Unauthenticated extends RuntimeException {
        Unauthenticated() {
            super("unauthenticated", null, false, false);
        }
    }
}
