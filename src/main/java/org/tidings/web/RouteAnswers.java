package org.tidings.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * What the Reactor Netty routes (polls, SSE, WebSocket, {@code GET /api/me}) share: they answer
 * before WebFlux and its security chain, so they write problem+json themselves, by the API's
 * rules (the same codes, the API's headers). The caller is found by account/Callers.
 */
public final class RouteAnswers {

    private RouteAnswers() {}

    /**
     * True when the request's headers are ones WebFlux would answer as a route does: no control
     * characters but tab in the headers a route reads (the firewall refuses them), and no Accept
     * header, or one that lists only types plain JSON satisfies (no parameters, no quality values),
     * so WebFlux's negotiation too would answer {@code application/json}.
     */
    public static boolean plainJsonRequest(HttpServerRequest request) {
        HttpHeaders headers = request.requestHeaders();
        for (CharSequence name : READ_HEADERS) {
            if (!plain(headers.get(name))) {
                return false;
            }
        }
        String accept = headers.get(HttpHeaderNames.ACCEPT);
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

    private static final List<CharSequence> READ_HEADERS = List.of(
            HttpHeaderNames.AUTHORIZATION,
            HttpHeaderNames.COOKIE,
            HttpHeaderNames.ACCEPT,
            HttpHeaderNames.CONTENT_TYPE,
            "X-XSRF-TOKEN");

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

    /** A query parameter's first value, or null. */
    public static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    /** The request's query parameter, or null. */
    public static String parameter(HttpServerRequest request, String name) {
        return first(new QueryStringDecoder(request.uri()).parameters(), name);
    }

    /** One write: status, the API's headers (as web/ResponseHeaders sets them) and the body. */
    public static Mono<Void> send(HttpServerResponse response, HttpResponseStatus status, String type, byte[] body) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, type)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .sendByteArray(Mono.just(body))
                .then();
    }

    /** The problem+json answer to a failure before the response started, as WebFlux gives it. */
    public static Mono<Void> problem(HttpServerRequest request, HttpServerResponse response, Throwable error) {
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

    /** The failure for no credential, or an unknown one: answered as the security chain's entry point does. */
    public static RuntimeException unauthenticated() {
        return new Unauthenticated();
    }

    private static final class Unauthenticated extends RuntimeException {
        Unauthenticated() {
            super("unauthenticated", null, false, false);
        }
    }
}
