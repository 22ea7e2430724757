package org.tidings.stream;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.netty.Connection;
import reactor.netty.NettyInbound;
import reactor.netty.NettyOutbound;

/**
 * The Netty event loop that writes a stream's socket, so the hub can hand it frames on that
 * thread (see Hub.Listener#loop). Null on any other server, where frames are offered at once.
 */
final class EventLoops {

    private EventLoops() {}

    /** Where WebSocketConfig leaves a WebSocket session's loop. */
    static final String ATTRIBUTE = EventLoops.class.getName() + ".loop";

    static Executor of(WebSocketSession session) {
        return (Executor) session.getAttributes().get(ATTRIBUTE);
    }

    static Executor of(ServerHttpRequest request) {
        return ServerHttpRequestDecorator.getNativeRequest(request) instanceof NettyInbound inbound
                ? of(inbound::withConnection)
                : null;
    }

    static Executor of(ServerHttpResponse response) {
        return ServerHttpResponseDecorator.getNativeResponse(response) instanceof NettyOutbound outbound
                ? of(outbound::withConnection)
                : null;
    }

    private static Executor of(Consumer<Consumer<? super Connection>> withConnection) {
        AtomicReference<Executor> loop = new AtomicReference<>();
        withConnection.accept(connection -> loop.set(connection.channel().eventLoop()));
        return loop.get();
    }
}
