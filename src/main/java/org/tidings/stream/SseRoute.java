package org.tidings.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.stereotype.Component;
import org.tidings.account.AuthenticatedUser;
import org.tidings.account.Callers;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * Server-Sent Events: {@code GET /api/events/stream?after=}, answered by Reactor Netty before
 * WebFlux. Each persisted event's {@code id:} is its cursor, so the browser's automatic reconnect
 * (with {@code Last-Event-ID}) resumes exactly where it stopped. Checked the API's way (Origin for
 * cookie handshakes, bearer token or session cookie, problem+json refusals, a bad cursor refused
 * before the stream starts); once the headers are out the connection is a {@link LiveStream} that
 * writes each event's pre-built SSE bytes to its channel as one chunk.
 */
@Component
class SseRoute implements NettyRouteProvider {

    static final String PATH = "/api/events/stream";

    private final Callers callers;
    private final StreamOrigins origins;
    private final EventFeed feed;
    private final LiveStream.Shared shared;

    SseRoute(
            Callers callers,
            StreamOrigins origins,
            EventFeed feed,
            Heartbeat heartbeat,
            StreamFrames frames,
            StreamSettings settings,
            StreamMeters meters) {
        this.callers = callers;
        this.origins = origins;
        this.feed = feed;
        this.shared = new LiveStream.Shared(feed, heartbeat, frames, settings.connectionBuffer(), meters);
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.get(PATH, this::stream);
    }

    private Mono<Void> stream(HttpServerRequest request, HttpServerResponse response) {
        return Mono.defer(() -> {
                    origins.check(request);
                    return RouteAnswers.caller(callers, request);
                })
                .flatMap(me -> feed.start(cursor(request)).flatMap(position -> open(me, position, response)))
                .onErrorResume(error -> RouteAnswers.problem(request, response, error));
    }

    /** On a reconnect the browser's Last-Event-ID is newer than the url it first opened. */
    private static String cursor(HttpServerRequest request) {
        String lastEventId = request.requestHeaders().get("Last-Event-ID");
        return lastEventId != null && !lastEventId.isBlank() ? lastEventId : RouteAnswers.parameter(request, "after");
    }

    private Mono<Void> open(AuthenticatedUser me, long position, HttpServerResponse response) {
        response.status(HttpResponseStatus.OK)
                .header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream;charset=UTF-8")
                .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .header("X-Content-Type-Options", "nosniff")
                // Tells nginx not to buffer the stream (see docs/deployment.md).
                .header("X-Accel-Buffering", "no");
        return response.sendHeaders().then().then(Mono.defer(() -> {
            Connection connection = (Connection) response;
            SseStream stream = new SseStream(shared, connection.channel(), me.id());
            connection.addHandlerFirst(LiveStream.NAME, stream);
            stream.start(position);
            return stream.ended.asMono();
        }));
    }

    /** An SSE stream: pre-built event bytes, comment keep-alives, and the response's end. */
    static final class SseStream extends LiveStream {

        private static final ByteBuf KEEP_ALIVE = Unpooled.unreleasableBuffer(
                Unpooled.wrappedBuffer(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8)));

        private static final SharedEncoding WIRE = new SharedEncoding(Frame::sse);

        // Completing it ends the response (the last chunk); the connection may serve more requests.
        final Sinks.Empty<Void> ended = Sinks.empty();

        SseStream(Shared shared, Channel channel, long userId) {
            super(shared, channel, userId);
        }

        @Override
        String transport() {
            return "sse";
        }

        @Override
        ByteBuf encode(Frame frame) {
            return WIRE.encode(frame, channel.alloc());
        }

        @Override
        ByteBuf keepAlive() {
            return KEEP_ALIVE.duplicate();
        }

        @Override
        void end(Throwable error) {
            ended.tryEmitEmpty();
        }
    }
}
