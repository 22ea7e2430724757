package org.tidings.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Api;
import org.tidings.testing.Metrics;
import org.tidings.testing.StreamClient;
import org.tidings.testing.StreamClient.Transport;
import tools.jackson.databind.JsonNode;

/**
 * The four transports over one cursor, with events emitted straight into the event log (the
 * chat tests cover events that come from real messages).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class StreamTransportContract {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    EventLog log;

    record User(long id, String token, Api api) {}

    User user() {
        Api api = new Api(port);
        long id = api.signUp("streamer").path("id").asLong();
        String token = api.token();
        return new User(id, token, new Api(port).bearer(token));
    }

    void emit(long userId, int from, int to) {
        log.write(tx -> {
            for (int n = from; n < to; n++) {
                tx.emitToUser(userId, "test.ping", Map.of("n", n));
            }
            return null;
        });
    }

    String cursorNow(User user) {
        return user.api()
                .get("/api/events/cursor")
                .expect(200)
                .json()
                .path("cursor")
                .asString();
    }

    static List<Integer> numbers(List<JsonNode> frames) {
        return frames.stream().map(f -> f.path("data").path("n").asInt()).toList();
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void deliversInOrderAndResumesFromAnyCursorExactlyOnce(Transport transport) {
        User user = user();
        String start = cursorNow(user);
        emit(user.id(), 0, 3);
        List<JsonNode> seen;
        try (StreamClient client = StreamClient.open(transport, api().baseUrl(), user.token(), start)) {
            List<JsonNode> first = client.collect("test.ping", 3, WAIT);
            emit(user.id(), 3, 6);
            List<JsonNode> live = client.collect("test.ping", 3, WAIT);
            assertThat(numbers(first)).containsExactly(0, 1, 2);
            assertThat(numbers(live)).containsExactly(3, 4, 5);
            seen = live;
        }
        emit(user.id(), 6, 8);
        String resumeAfter = seen.getFirst().path("id").asString();
        try (StreamClient client = StreamClient.open(transport, api().baseUrl(), user.token(), resumeAfter)) {
            List<JsonNode> resumed = client.collect("test.ping", 4, WAIT);
            assertThat(numbers(resumed)).containsExactly(4, 5, 6, 7);
            assertThat(client.collect("test.ping", 1, Duration.ofMillis(300))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Transport.class,
            names = {"WEBSOCKET", "SSE"})
    void streamsWithoutCursorStartNowAndSayWhere(Transport transport) {
        User user = user();
        emit(user.id(), 0, 2);
        try (StreamClient client = StreamClient.open(transport, api().baseUrl(), user.token(), null)) {
            JsonNode ready = client.next(WAIT);
            assertThat(ready.path("type").asString()).isEqualTo("stream.ready");
            assertThat(ready.path("data").path("cursor").asString()).isNotBlank();
            emit(user.id(), 2, 3);
            assertThat(numbers(client.collect("test.ping", 1, WAIT))).containsExactly(2);
        }
    }

    @Test
    void otherUsersEventsNeverArrive() {
        User alice = user();
        User bob = user();
        try (StreamClient client = StreamClient.open(Transport.WEBSOCKET, api().baseUrl(), alice.token(), null)) {
            client.collect("stream.ready", 1, WAIT);
            emit(bob.id(), 0, 5);
            emit(alice.id(), 100, 101);
            List<JsonNode> got = client.collect("test.ping", 2, Duration.ofSeconds(2));
            assertThat(numbers(got)).containsExactly(100);
        }
    }

    @Test
    void longPollWaitsForTheNextEvent() throws Exception {
        User user = user();
        String start = cursorNow(user);
        CompletableFuture<JsonNode> poll = CompletableFuture.supplyAsync(() ->
                user.api().get("/api/events?wait=20&after=" + start).expect(200).json());
        Thread.sleep(300);
        assertThat(poll).isNotDone();
        emit(user.id(), 7, 8);
        JsonNode body = poll.get(10, TimeUnit.SECONDS);
        assertThat(numbers(List.copyOf(body.path("events").valueStream().toList())))
                .containsExactly(7);
        assertThat(body.path("cursor").asString())
                .isEqualTo(body.path("events").get(0).path("id").asString());
    }

    @Test
    void longPollEndsEmptyAfterItsWait() {
        User user = user();
        String start = cursorNow(user);
        JsonNode body =
                user.api().get("/api/events?wait=1&after=" + start).expect(200).json();
        assertThat(body.path("events").size()).isZero();
        assertThat(body.path("cursor").asString()).isEqualTo(start);
    }

    @Test
    void badCursorsGetClearAnswers() {
        User user = user();
        user.api().get("/api/events?after=not-a-cursor").expectProblem(400, "invalid_cursor");
        user.api().get("/api/events/stream?after=%3Cscript%3E").expectProblem(400, "invalid_cursor");
        user.api().get("/api/events?after=1.00000000deadbeef").expectProblem(410, "cursor_expired");
        String now = cursorNow(user);
        String future = Long.toString(Long.parseLong(now.split("\\.")[0], 36) + 1000, 36) + "." + now.split("\\.")[1];
        user.api().get("/api/events?after=" + future).expectProblem(410, "cursor_expired");
        user.api().get("/api/events?wait=-1").expectProblem(400, "invalid_parameter");

        try (StreamClient ws = StreamClient.open(Transport.WEBSOCKET, api().baseUrl(), user.token(), "nope")) {
            assertThat(ws.closeReason).succeedsWithin(WAIT).asString().startsWith("4400");
        }
    }

    @Autowired
    StreamRetention retention;

    @Test
    void cursorsOlderThanTheRetentionAreExpired() throws Exception {
        User user = user();
        String old = cursorNow(user);
        emit(user.id(), 0, 2);
        Thread.sleep(5);
        assertThat(retention.prune(Duration.ofMillis(1))).isPositive();
        user.api().get("/api/events?after=" + old).expectProblem(410, "cursor_expired");
        String fresh = cursorNow(user);
        emit(user.id(), 2, 3);
        JsonNode body = user.api().get("/api/events?after=" + fresh).expect(200).json();
        assertThat(body.path("events").size()).isEqualTo(1);
    }

    @Test
    void oneUserMayHoldOnlySoManyOpenStreams() {
        User user = user();
        List<StreamClient> open = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                StreamClient client = StreamClient.open(Transport.SSE, api().baseUrl(), user.token(), null);
                open.add(client);
                assertThat(client.collect("stream.ready", 1, WAIT)).hasSize(1);
            }
            try (StreamClient sse = StreamClient.open(Transport.SSE, api().baseUrl(), user.token(), null);
                    StreamClient ws = StreamClient.open(Transport.WEBSOCKET, api().baseUrl(), user.token(), null)) {
                JsonNode refused = sse.collect("stream.error", 1, WAIT).getFirst();
                assertThat(refused.path("data").path("code").asString()).isEqualTo("too_many_connections");
                assertThat(ws.closeReason).succeedsWithin(WAIT).asString().startsWith("4429");
            }
        } finally {
            open.forEach(StreamClient::close);
        }
    }

    @Test
    void streamsNeedAuthentication() {
        new Api(port).get("/api/events").expectProblem(401, "unauthenticated");
        new Api(port).get("/api/events/stream").expectProblem(401, "unauthenticated");
    }

    @Test
    void slowConsumerIsDisconnectedAndResumes() throws Exception {
        User user = user();
        String start = cursorNow(user);
        AtomicReference<WebSocket> socket = new AtomicReference<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        StringBuilder received = new StringBuilder();
        WebSocket.Listener stalled = new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {
                webSocket.request(1); // ... and never again until told to: a client that stopped reading
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                synchronized (received) {
                    received.append(data);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode + " " + reason);
                return null;
            }
        };
        socket.set(HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + user.token())
                .buildAsync(
                        URI.create(api().baseUrl().replace("http", "ws") + "/api/events/ws?after=" + start), stalled)
                .join());
        double cutOff =
                Metrics.sample(api().baseUrl(), "tidings_streams_slow_consumer_total", "transport=\"websocket\"");
        String big = "x".repeat(8192);
        for (int batch = 0; batch < 40; batch++) {
            int from = batch * 100;
            log.write(tx -> {
                for (int n = from; n < from + 100; n++) {
                    tx.emitToUser(user.id(), "test.ping", Map.of("n", n, "pad", big));
                }
                return null;
            });
        }
        socket.get().request(Long.MAX_VALUE);
        assertThat(closed.get(30, TimeUnit.SECONDS)).startsWith("4408");
        assertThat(Metrics.sample(api().baseUrl(), "tidings_streams_slow_consumer_total", "transport=\"websocket\""))
                .isEqualTo(cutOff + 1);
        synchronized (received) {
            assertThat(received).contains("slow_consumer");
        }
        // The client comes back with its cursor and gets everything.
        try (StreamClient client = StreamClient.open(Transport.LONG_POLL, api().baseUrl(), user.token(), start)) {
            assertThat(numbers(client.collect("test.ping", 4000, Duration.ofSeconds(30))))
                    .hasSize(4000)
                    .isSorted();
        }
    }

    private Api api() {
        return new Api(port);
    }
}
