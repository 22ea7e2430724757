package org.tidings.stream;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.tidings.account.AuthenticatedUser;
import org.tidings.account.Callers;
import org.tidings.web.ApiException;
import org.tidings.web.Problem;
import org.tidings.web.ProblemExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * Short and long polling, {@code GET /api/events?after=&wait=}, answered by Reactor Netty
 * before WebFlux. A poll is the most frequent request there is (a woken long poll is answered
 * and asked again for every event a poller gets), and all it needs is the caller, the cursor and
 * one write: going through WebFlux and the security chain cost several times the work of the
 * answer, and a waiting poll held the whole exchange. The rules are those of the rest of the
 * API: the same credential lookup (bearer token, else session cookie; a GET needs no CSRF token),
 * problem+json errors with the same codes, and the API's response headers.
 */
@Component
class PollRoute implements NettyRouteProvider {

    static final String PATH = "/api/events";

    private static final byte[] OPEN = "{\"events\":[".getBytes(StandardCharsets.UTF_8);

    private final Callers callers;
    private final EventFeed feed;
    private final StreamSettings settings;

    PollRoute(Callers callers, EventFeed feed, StreamSettings settings) {
        this.callers = callers;
        this.feed = feed;
        this.settings = settings;
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.get(PATH, this::poll);
    }

    private Mono<Void> poll(HttpServerRequest request, HttpServerResponse response) {
        String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
        String session = Callers.isBearer(authorization) ? null : sessionCookie(request);
        return callers.find(authorization, session)
                .switchIfEmpty(Mono.error(Unauthenticated::new))
                .flatMap(me -> answer(me, request))
                .flatMap(body -> send(response, HttpResponseStatus.OK, "application/json", body))
                .onErrorResume(error -> problem(request, response, error));
    }

    private Mono<byte[]> answer(AuthenticatedUser me, HttpServerRequest request) {
        Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
        String after = first(query, "after");
        Duration wait = waitFor(first(query, "wait"));
        return feed.start(after)
                .flatMap(position -> feed.poll(me.id(), position, wait))
                .map(PollRoute::encode);
    }

    private Duration waitFor(String wait) {
        int seconds;
        try {
            seconds = wait == null ? 0 : Integer.parseInt(wait);
        } catch (NumberFormatException e) {
            seconds = -1;
        }
        if (seconds < 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_parameter", "wait must be 0-60 seconds");
        }
        Duration asked = Duration.ofSeconds(seconds);
        return asked.compareTo(settings.longPollMaxWait()) > 0 ? settings.longPollMaxWait() : asked;
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static String sessionCookie(HttpServerRequest request) {
        Set<Cookie> cookies = request.cookies().get(Callers.SESSION_COOKIE);
        return cookies == null || cookies.isEmpty()
                ? null
                : cookies.iterator().next().value();
    }

    /** Frames are already JSON: the answer is assembled around them, not re-serialised. */
    static byte[] encode(EventFeed.Batch batch) {
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(64 + 256 * batch.frames().size());
        out.writeBytes(OPEN);
        for (int i = 0; i < batch.frames().size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(batch.frames().get(i).json());
        }
        out.writeBytes(("],\"cursor\":\"" + batch.cursor() + "\"}").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** One write: status, the API's headers (as web/ResponseHeaders sets them) and the body. */
    private static Mono<Void> send(HttpServerResponse response, HttpResponseStatus status, String type, byte[] body) {
        return response.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, type)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .sendByteArray(Mono.just(body))
                .then();
    }

    private static Mono<Void> problem(HttpServerRequest request, HttpServerResponse response, Throwable error) {
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
