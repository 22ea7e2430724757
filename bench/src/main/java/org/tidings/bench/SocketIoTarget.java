package org.tidings.bench;

import java.net.http.HttpClient;
import java.util.List;

/** Socket.IO 4 (bench/peers/socketio-server.js) over its WebSocket and long-polling transports. */
final class SocketIoTarget implements Target {

    private final ServerProcess server;
    private final HttpClient http;

    SocketIoTarget(ServerProcess server, HttpClient http) {
        this.server = server;
        this.http = http;
    }

    @Override
    public String name() {
        return "Socket.IO";
    }

    @Override
    public List<Transport> transports() {
        return List.of(Transport.WEBSOCKET, Transport.LONG_POLL);
    }

    @Override
    public ServerProcess server() {
        return server;
    }

    @Override
    public StreamConnection connect(Transport transport, int user, EventSink sink, int port) throws Exception {
        return SocketIoClient.open(http, "http://127.0.0.1:" + port, transport, Integer.toString(user), true, sink);
    }

    @Override
    public Sender sender(Transport transport, int user) throws Exception {
        SocketIoClient client = SocketIoClient.open(
                http, "http://127.0.0.1:" + server.port(), transport, "s" + user, false, EventSink.IGNORE);
        return new PeerSender(client, client::emit, user);
    }

    @Override
    public void close() {
        server.close();
    }
}
