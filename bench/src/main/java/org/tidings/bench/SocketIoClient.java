package org.tidings.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Socket.IO v5 client (Engine.IO v4 underneath) written against the wire protocol, so the same
 * JVM measures every system. Over WebSocket each text frame is one packet; over HTTP long-polling
 * GETs bring packets separated by 0x1E and POSTs carry the client's packets (one at a time, as
 * the server refuses overlapping POSTs). Packets used: {@code 0} open, {@code 40} connect,
 * {@code 2}/{@code 3} ping/pong, {@code 42["msg",{...}]} an event, {@code 1} close.
 */
final class SocketIoClient implements StreamConnection {

    private static final char SEPARATOR = '\u001e';

    private final HttpClient http;
    private final String base;
    private final String query;
    private final EventSink sink;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final AtomicBoolean broken = new AtomicBoolean();
    private final AtomicLong requests = new AtomicLong();
    private volatile boolean closed;
    // Completed once the WebSocket is open; its first packets may arrive before that.
    private final CompletableFuture<WebSocketClient> socket = new CompletableFuture<>();
    private final Transport transport;
    private String sid;
    private Thread poller;

    private SocketIoClient(HttpClient http, String base, Transport transport, String query, EventSink sink) {
        this.http = http;
        this.transport = transport;
        this.base = base;
        this.query = query;
        this.sink = sink;
    }

    /** Connects as {@code user}; {@code group} also joins the room every member is in. */
    static SocketIoClient open(HttpClient http, String base, Transport transport, String user, boolean group, EventSink sink)
            throws Exception {
        SocketIoClient client =
                new SocketIoClient(http, base, transport, "user=" + user + (group ? "&group=1" : ""), sink);
        if (transport == Transport.WEBSOCKET) {
            client.socket.complete(WebSocketClient.open(
                    http,
                    URI.create(base.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket&" + client.query),
                    Map.of(),
                    client::onPacket));
            client.requests.incrementAndGet();
        } else {
            client.openPolling();
        }
        client.connected.get(60, TimeUnit.SECONDS);
        return client;
    }

    /** Sends an event; over polling the POST runs on a virtual thread so the caller never waits. */
    void emit(String eventJson) {
        String packet = "42[\"msg\"," + eventJson + "]";
        if (transport == Transport.WEBSOCKET) {
            sendPacket(packet);
        } else {
            Thread.startVirtualThread(() -> post(packet));
        }
    }

    private void onPacket(String packet) {
        if (packet.startsWith("42")) {
            int comma = packet.indexOf(',');
            sink.onEvent(packet.substring(comma + 1, packet.length() - 1));
        } else if (packet.equals("2")) {
            sendPacket("3");
        } else if (packet.startsWith("40")) {
            connected.complete(null);
        } else if (packet.startsWith("0")) {
            sendPacket("40");
        } else if (packet.equals("1") || packet.startsWith("44")) {
            broken.set(true);
        }
    }

    private void sendPacket(String packet) {
        if (transport == Transport.WEBSOCKET) {
            socket.thenAccept(open -> open.send(packet));
        } else {
            post(packet);
        }
    }

    private void openPolling() throws IOException, InterruptedException {
        String open = get();
        sid = open.substring(open.indexOf("\"sid\":\"") + 7, open.indexOf('"', open.indexOf("\"sid\":\"") + 7));
        onPackets(open);
        poller = Thread.ofVirtual().name("socketio-poll").start(() -> {
            try {
                while (!closed) {
                    onPackets(get());
                }
            } catch (IOException | InterruptedException | RuntimeException e) {
                if (!closed) {
                    broken.set(true);
                }
            }
        });
    }

    private void onPackets(String payload) {
        int start = 0;
        for (int i = 0; i <= payload.length(); i++) {
            if (i == payload.length() || payload.charAt(i) == SEPARATOR) {
                if (i > start) {
                    onPacket(payload.substring(start, i));
                }
                start = i + 1;
            }
        }
    }

    private String pollingUri() {
        return base + "/socket.io/?EIO=4&transport=polling&" + query + (sid == null ? "" : "&sid=" + sid);
    }

    private String get() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(pollingUri())).build(), HttpResponse.BodyHandlers.ofString());
        requests.incrementAndGet();
        if (response.statusCode() != 200) {
            throw new IOException("socket.io poll answered " + response.statusCode());
        }
        return response.body();
    }

    private synchronized void post(String packet) {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(URI.create(pollingUri()))
                            .header("Content-Type", "text/plain;charset=UTF-8")
                            .POST(HttpRequest.BodyPublishers.ofString(packet))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            requests.incrementAndGet();
            if (response.statusCode() != 200) {
                broken.set(true);
            }
        } catch (IOException e) {
            broken.set(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public long requests() {
        return requests.get();
    }

    @Override
    public boolean broken() {
        return broken.get() || (socket.isDone() && socket.join().broken());
    }

    @Override
    public void close() {
        closed = true;
        socket.thenAccept(WebSocketClient::close);
        if (poller != null) {
            poller.interrupt();
        }
    }
}
