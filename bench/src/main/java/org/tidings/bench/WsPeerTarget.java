package org.tidings.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;

/** The bare {@code ws} relay (bench/peers/ws-server.js): WebSocket only, nothing stored. */
final class WsPeerTarget implements Target {

    private final ServerProcess server;
    private final HttpClient http;

    WsPeerTarget(ServerProcess server, HttpClient http) {
        this.server = server;
        this.http = http;
    }

    @Override
    public String name() {
        return "ws";
    }

    @Override
    public List<Transport> transports() {
        return List.of(Transport.WEBSOCKET);
    }

    @Override
    public ServerProcess server() {
        return server;
    }

    @Override
    public StreamConnection connect(Transport transport, int user, EventSink sink, int port) throws Exception {
        return WebSocketClient.open(http, URI.create("ws://127.0.0.1:" + port + "/?user=" + user), Map.of(), sink::onEvent);
    }

    @Override
    public Sender sender(Transport transport, int user) throws Exception {
        WebSocketClient socket =
                WebSocketClient.open(http, URI.create("ws://127.0.0.1:" + server.port() + "/?user=s" + user), Map.of(), t -> {});
        return new PeerSender(socket, socket::send, user);
    }

    @Override
    public void close() {
        server.close();
    }
}
