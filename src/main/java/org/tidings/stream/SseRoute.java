package org.tidings.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.stereotype.Component;
import org.tidings.account.AuthenticatedUser;
import org.tidings.account.Callers;
import org.tidings.web.RouteAnswers;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;
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
                    return callers.find(request);
                })
                .flatMap(me -> feed.start(cursor(request)).flatMap(position -> open(me, position, request, response)))
                .onErrorResume(error -> RouteAnswers.problem(request, response, error));
    }

    /** On a reconnect the browser's Last-Event-ID is newer than the url it first opened. */
    private static String cursor(HttpServerRequest request) {
        String lastEventId = request.requestHeaders().get("Last-Event-ID");
        return lastEventId != null && !lastEventId.isBlank() ? lastEventId : RouteAnswers.parameter(request, "after");
    }

    private Mono<Void> open(
            AuthenticatedUser me, long position, HttpServerRequest request, HttpServerResponse response) {
        if (HttpVersion.HTTP_1_0.equals(request.version())) {
            // An HTTP/1.0 client (or a proxy speaking 1.0 upstream, nginx's default) cannot read
            // chunks: the stream goes out unchunked and ends with the connection.
            response.chunkedTransfer(false).keepAlive(false);
        }
        response.status(HttpResponseStatus.OK)
                .header(HttpHeaderNames.CONTENT_TYPE, "text/event-stream;charset=UTF-8")
                .header(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .header("X-Content-Type-Options", "nosniff")
                // Tells nginx not to buffer the stream (see docs/deployment.md).
                .header("X-Accel-Buffering", "no");
        return response.sendHeaders().then().then(Mono.defer(() -> {
            Connection connection = (Connection) response;
            SseStream stream = new SseStream(shared, connection.channel(), me.id(), chunkedCodec(response));
            connection.addHandlerFirst(LiveStream.NAME, stream);
            stream.start(position);
            return stream.ended.asMono();
        }));
    }

    /**
     * The HTTP/1.1 codec of a plain chunked response, or null (HTTP/2, compression, a response
     * without chunks): with it, events go out as pre-built chunks written past the codec.
     */
    private static ChannelHandlerContext chunkedCodec(HttpServerResponse response) {
        ChannelPipeline pipeline = ((Connection) response).channel().pipeline();
        boolean chunked = response.responseHeaders()
                .containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
        if (!chunked
                || pipeline.get(NettyPipeline.CompressionHandler) != null
                || !(pipeline.get(NettyPipeline.HttpCodec) instanceof HttpServerCodec)) {
            return null;
        }
        return pipeline.context(NettyPipeline.HttpCodec);
    }

    /**
     * An SSE stream: pre-built event bytes, comment keep-alives, and the response's end.
     *
     * <p>On a chunked HTTP/1.1 response each event goes out as one pre-built chunk (its size
     * line, the event, the closing line), written from the codec's place in the pipeline so the
     * codec does not frame it again: the chunk is built once per event loop and shared by every
     * recipient, where the codec wrote three buffers per recipient, one of them allocated. The
     * codec's own writes (the keep-alives, the response's end) still pass through it, on the same
     * event loop and so in order with the events.
     */
    static final class SseStream extends LiveStream {

        private static final ByteBuf KEEP_ALIVE = Unpooled.unreleasableBuffer(
                Unpooled.wrappedBuffer(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8)));

        private static final SharedEncoding WIRE = new SharedEncoding(Frame::sse);
        private static final SharedEncoding CHUNKS = new SharedEncoding(frame -> chunk(frame.sse()));

        // Completing it ends the response (the last chunk); the connection may serve more requests.
        final Sinks.Empty<Void> ended = Sinks.empty();

        private final ChannelHandlerContext codec;

        SseStream(Shared shared, Channel channel, long userId, ChannelHandlerContext codec) {
            super(shared, channel, userId);
            this.codec = codec;
        }

        /** One HTTP/1.1 chunk: its size in hex, CRLF, the data, CRLF. */
        static byte[] chunk(byte[] data) {
            byte[] size = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] chunk = new byte[size.length + data.length + 2];
            System.arraycopy(size, 0, chunk, 0, size.length);
            System.arraycopy(data, 0, chunk, size.length, data.length);
            chunk[chunk.length - 2] = '\r';
            chunk[chunk.length - 1] = '\n';
            return chunk;
        }

        @Override
        String transport() {
            return "sse";
        }

        @Override
        ByteBuf encode(Frame frame) {
            return (codec == null ? WIRE : CHUNKS).encode(frame, channel.alloc());
        }

        @Override
        void send(ByteBuf encoded) {
            if (codec == null) {
                super.send(encoded);
            } else {
                codec.write(encoded, codec.voidPromise());
            }
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
