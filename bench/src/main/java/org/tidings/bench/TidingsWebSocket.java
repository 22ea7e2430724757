package org.tidings.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Follows a Tidings stream over {@code /api/events/ws}; also sends chat messages with the
 * {@code send} command on the same socket. Open once the first frame ({@code stream.ready}) came.
 */
final class TidingsWebSocket implements StreamConnection {

    private final WebSocketClient socket;

    private TidingsWebSocket(WebSocketClient socket) {
        this.socket = socket;
    }

    static TidingsWebSocket open(HttpClient http, String base, String token, EventSink sink) throws Exception {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        WebSocketClient socket = WebSocketClient.open(
                http,
                URI.create(base.replace("http://", "ws://") + "/api/events/ws"),
                Map.of("Authorization", "Bearer " + token),
                text -> {
                    ready.complete(null);
                    sink.onEvent(text);
                });
        ready.get(60, TimeUnit.SECONDS);
        return new TidingsWebSocket(socket);
    }

    void send(long conversationId, String body, String clientMsgId) {
        socket.send("{\"type\":\"send\",\"conversationId\":" + conversationId + ",\"body\":\"" + body
                + "\",\"clientMsgId\":\"" + clientMsgId + "\"}");
    }

    @Override
    public long requests() {
        return 1;
    }

    @Override
    public boolean broken() {
        return socket.broken();
    }

    @Override
    public void close() {
        socket.close();
    }
}
