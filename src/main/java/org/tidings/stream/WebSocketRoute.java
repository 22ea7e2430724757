package org.tidings.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.stereotype.Component;
import org.tidings.account.AuthenticatedUser;
import org.tidings.account.Callers;
import org.tidings.web.ApiException;
import org.tidings.web.RouteAnswers;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * WebSocket: {@code /api/events/ws?after=}, upgraded by Reactor Netty before WebFlux. One JSON
 * event per text frame out; commands ({@code send}, {@code typing}, ...) in, each answered by its
 * own reply frame. A stream that cannot go on sends a {@code stream.error} frame and closes with a
 * 44xx code.
 *
 * <p>Why a route: a Spring WebSocket session kept the handshake (headers, URI, attributes,
 * observation context) for the life of the connection and ran a Reactor pipeline per connection
 * for its frames. Here the handshake is checked the API's way (Origin for cookie handshakes, then
 * bearer token or session cookie, problem+json refusals), its headers are dropped after the
 * upgrade, and the connection is a {@link LiveStream} that writes the pre-encoded frames to its
 * channel.
 */
@Component
class WebSocketRoute implements NettyRouteProvider {

    static final String PATH = "/api/events/ws";

    // What a Spring WebSocket session accepted: a command is far smaller (see WebSocketCommands).
    private static final int MAX_FRAME = 65_536;

    private final Callers callers;
    private final StreamOrigins origins;
    private final EventFeed feed;
    private final WebSocketCommands commands;
    private final LiveStream.Shared shared;

    WebSocketRoute(
            Callers callers,
            StreamOrigins origins,
            EventFeed feed,
            Heartbeat heartbeat,
            StreamFrames frames,
            WebSocketCommands commands,
            StreamSettings settings,
            StreamMeters meters) {
        this.callers = callers;
        this.origins = origins;
        this.feed = feed;
        this.commands = commands;
        this.shared = new LiveStream.Shared(feed, heartbeat, frames, settings.connectionBuffer(), meters);
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.get(PATH, this::handshake);
    }

    /** Origin (403), then the caller (401), then the upgrade itself (400), as before the route. */
    private Mono<Void> handshake(HttpServerRequest request, HttpServerResponse response) {
        return Mono.defer(() -> {
                    origins.check(request);
                    return callers.find(request);
                })
                .flatMap(me -> {
                    if (!"websocket".equalsIgnoreCase(request.requestHeaders().get(HttpHeaderNames.UPGRADE))) {
                        return Mono.error(ApiException.badRequest("invalid_parameter", "Expected a WebSocket upgrade"));
                    }
                    String after = RouteAnswers.parameter(request, "after");
                    return response.sendWebsocket((in, out) -> connected(me, after, in, out));
                })
                .onErrorResume(error -> RouteAnswers.problem(request, response, error));
    }

    /**
     * The upgraded connection: its stream starts once the cursor is resolved (a bad cursor closes
     * with 4400 after the upgrade, as it always has), and its commands are read until the client
     * closes. The handler's end is the inbound's end: Reactor Netty then finishes the close.
     */
    private Mono<Void> connected(AuthenticatedUser me, String after, WebsocketInbound in, WebsocketOutbound out) {
        Connection connection = (Connection) in;
        Channel channel = connection.channel();
        WebSocketStream stream = new WebSocketStream(shared, channel, me.id(), out);
        connection.addHandlerFirst(LiveStream.NAME, stream);
        // Everything the stream needs was read from the handshake: let its headers go (the
        // connection's operations keep the handshake's request and response for its whole life).
        in.headers().clear();
        if (in instanceof HttpServerResponse handshakeResponse) {
            handshakeResponse.responseHeaders().clear();
        }
        feed.start(after).subscribe(stream::start, error -> stream.onLoop(() -> stream.fail(error)));
        return in.aggregateFrames(MAX_FRAME)
                .receiveFrames()
                .filter(TextWebSocketFrame.class::isInstance)
                .map(frame -> ((TextWebSocketFrame) frame).text())
                // One command at a time, none read ahead: no prefetch queue per connection.
                .concatMap(text -> commands.reply(me, text, channel.eventLoop()), 1)
                .doOnNext(stream::reply)
                .then();
    }

    /** A WebSocket stream: pre-encoded text frames, pings, and a close code that says why it ended. */
    static final class WebSocketStream extends LiveStream {

        // An empty ping, the frame and its two header bytes: the same for every stream.
        private static final ByteBuf PING =
                Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[] {(byte) 0x89, 0}));

        private static final SharedEncoding WIRE = new SharedEncoding(Frame::ws);

        // A client that stopped reading never lets the close frame out; then the socket goes.
        private static final long CLOSE_TIMEOUT_SECONDS = 30;

        private final WebsocketOutbound out;

        WebSocketStream(Shared shared, Channel channel, long userId, WebsocketOutbound out) {
            super(shared, channel, userId);
            this.out = out;
        }

        @Override
        String transport() {
            return "websocket";
        }

        @Override
        ByteBuf encode(Frame frame) {
            return WIRE.encode(frame, channel.alloc());
        }

        @Override
        ByteBuf keepAlive() {
            return PING.duplicate();
        }

        /**
         * The close frame follows the error frame on the same channel, so it says why even when
         * the socket is too backed up for the client to read the error frame first.
         */
        @Override
        void end(Throwable error) {
            String code = StreamFrames.code(error);
            out.sendClose(closeStatus(code), code).subscribe(null, e -> channel.close());
            channel.eventLoop().schedule(() -> channel.close(), CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        static int closeStatus(String code) {
            return switch (code) {
                case "invalid_cursor" -> 4400;
                case "cursor_expired" -> 4410;
                case "too_many_connections" -> 4429;
                case "slow_consumer" -> 4408;
                case "account_deactivated" -> 4403;
                default -> 4500;
            };
        }
    }
}
