package org.tidings.stream;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.tidings.account.AuthenticatedUser;
import org.tidings.account.Callers;
import org.tidings.web.ApiException;
import org.tidings.web.RouteAnswers;
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
        return callers.find(request)
                .flatMap(me -> answer(me, request))
                .flatMap(body -> RouteAnswers.send(response, HttpResponseStatus.OK, "application/json", body))
                .onErrorResume(error -> RouteAnswers.problem(request, response, error));
    }

    private Mono<byte[]> answer(AuthenticatedUser me, HttpServerRequest request) {
        Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
        String after = RouteAnswers.first(query, "after");
        Duration wait = waitFor(RouteAnswers.first(query, "wait"));
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
}
