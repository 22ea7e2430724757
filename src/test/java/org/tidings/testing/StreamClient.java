package org.tidings.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Follows one user's event stream over one transport, the way a client would: WebSocket and SSE
 * with the JDK's own clients, and polling loops. Every frame received (events, control frames,
 * replies) lands in {@link #frames}; {@link #closeReason} says how a stream ended.
 */
public abstract class StreamClient implements AutoCloseable {

    public enum Transport {
        WEBSOCKET,
        SSE,
        LONG_POLL,
        SHORT_POLL
    }

    public final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    public final CompletableFuture<String> closeReason = new CompletableFuture<>();

    /** Opens a stream after {@code cursor} (null: from now) authenticated by bearer token. */
    public static StreamClient open(Transport transport, String baseUrl, String token, String cursor) {
        return switch (transport) {
            case WEBSOCKET -> new Ws(baseUrl, token, cursor).awaitReady();
            case SSE -> new Sse(baseUrl, token, cursor).awaitReady();
            case LONG_POLL -> new Poll(baseUrl, token, cursor, 20);
            case SHORT_POLL -> new Poll(baseUrl, token, cursor, 0);
        };
    }

    /**
     * Waits (briefly) for the server's stream.ready, which it sends once the connection is live,
     * and leaves it in {@link #frames}: a test that triggers an ephemeral event right after
     * opening would otherwise race the server's registration of the connection.
     */
    final StreamClient awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && !closeReason.isDone()) {
            if (frames.stream()
                    .anyMatch(f -> "stream.ready".equals(f.path("type").asString()))) {
                return this;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return this;
            }
        }
        return this;
    }

    @Override
    public abstract void close();

    /** The next frame, or null after the timeout. */
    public JsonNode next(Duration timeout) {
        try {
            return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Frames of the given type, waiting until {@code count} arrived or the timeout passed. */
    public List<JsonNode> collect(String type, int count, Duration timeout) {
        List<JsonNode> found = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (found.size() < count && System.nanoTime() < deadline) {
            JsonNode frame = next(Duration.ofMillis(Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            if (frame != null && type.equals(frame.path("type").asString())) {
                found.add(frame);
            }
        }
        return found;
    }

    static String query(String cursor) {
        return cursor == null ? "" : "after=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
    }

    private static final class Ws extends StreamClient implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;

        Ws(String baseUrl, String token, String cursor) {
            String url = baseUrl.replaceFirst("^http", "ws") + "/api/events/ws?" + query(cursor);
            this.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(URI.create(url), this)
                    .join();
        }

        public void send(String text) {
            socket.sendText(text, true).join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(Api.JSON.readTree(partial.toString()));
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason.complete(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeReason.complete("error " + error);
        }

        @Override
        public void close() {
            socket.abort();
        }
    }

    /** Sends a text frame over a WebSocket stream client (commands such as send, typing). */
    public void sendText(String text) {
        if (!(this instanceof Ws ws)) {
            throw new IllegalStateException("Only WebSocket streams take commands");
        }
        ws.send(text);
    }

    private static final class Sse extends StreamClient {
        private final Thread reader;
        private volatile InputStream body;

        Sse(String baseUrl, String token, String cursor) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/events/stream?" + query(cursor)))
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "text/event-stream")
                    .build();
            this.reader = Thread.ofVirtual().start(() -> read(request));
        }

        private void read(HttpRequest request) {
            try {
                HttpResponse<InputStream> response =
                        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
                body = response.body();
                if (response.statusCode() != 200) {
                    closeReason.complete("http " + response.statusCode() + " " + new String(body.readAllBytes()));
                    return;
                }
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
                StringBuilder data = new StringBuilder();
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data: ")) {
                        data.append(line.substring(6));
                    } else if (line.isEmpty() && !data.isEmpty()) {
                        frames.add(Api.JSON.readTree(data.toString()));
                        data.setLength(0);
                    }
                }
                closeReason.complete("eof");
            } catch (IOException | InterruptedException e) {
                closeReason.complete("error " + e);
            }
        }

        @Override
        public void close() {
            reader.interrupt();
            try {
                if (body != null) {
                    body.close();
                }
            } catch (IOException ignored) {
                // Closing a stream we are abandoning.
            }
        }
    }

    private static final class Poll extends StreamClient {
        private final Thread loop;
        private volatile boolean open = true;

        Poll(String baseUrl, String token, String cursor, int waitSeconds) {
            Api api = new Api(baseUrl).bearer(token);
            this.loop = Thread.ofVirtual().start(() -> {
                String next = cursor;
                while (open) {
                    String params = query(next);
                    if (waitSeconds > 0) {
                        params += (params.isEmpty() ? "" : "&") + "wait=" + waitSeconds;
                    }
                    Api.Response response;
                    try {
                        response = api.get("/api/events?" + params);
                    } catch (IllegalStateException e) {
                        closeReason.complete("error " + e);
                        return;
                    }
                    if (response.status() != 200) {
                        closeReason.complete("http " + response.status() + " " + response.body());
                        return;
                    }
                    JsonNode body = response.json();
                    body.path("events").forEach(frames::add);
                    next = body.path("cursor").asString();
                    if (waitSeconds == 0) {
                        sleep();
                    }
                }
            });
        }

        private static void sleep() {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            open = false;
            loop.interrupt();
        }
    }
}
