package org.tidings.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.stream.StreamOriginSqliteTest.Handshake;
import org.tidings.testing.Api;
import org.tidings.testing.SqliteServer;
import org.tidings.testing.StreamClient;
import org.tidings.testing.StreamClient.Transport;
import tools.jackson.databind.JsonNode;

/**
 * The WebSocket and SSE routes answer before WebFlux and its security chain, so they
 * authenticate, refuse and keep streams alive themselves: these are the rules they must keep
 * (the transports' delivery is StreamTransportContract's, the Origin rule StreamOriginSqliteTest's).
 */
@SqliteServer
@TestPropertySource(properties = "tidings.stream.heartbeat=300ms")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamRouteSqliteTest {

    private static final String WS = "/api/events/ws";
    private static final String SSE = "/api/events/stream";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    record Login(String cookie, String token) {}

    Login login() {
        Api api = new Api(port);
        api.signUp("route");
        return new Login("tidings_session=" + api.cookie("tidings_session"), api.token());
    }

    @Test
    void opensWithTheSessionCookieOrABearerToken() throws IOException {
        Login login = login();
        for (String path : new String[] {WS, SSE}) {
            int live = path.equals(WS) ? 101 : 200;
            try (Handshake cookie = Handshake.open(port, path, Map.of("Cookie", login.cookie()));
                    Handshake bearer = Handshake.open(port, path, Map.of("Authorization", "Bearer " + login.token()))) {
                assertThat(cookie.status).as(path).isEqualTo(live);
                assertThat(cookie.readUntil("stream.ready")).contains("stream.ready");
                assertThat(bearer.status).as(path).isEqualTo(live);
                assertThat(bearer.readUntil("stream.ready")).contains("stream.ready");
            }
        }
    }

    @Test
    void anHttp10ClientGetsTheStreamUnchunkedAndDelimitedByTheConnection() throws IOException {
        Login login = login();
        try (Handshake h = Handshake.open(port, SSE, Map.of("Authorization", "Bearer " + login.token()), "HTTP/1.0")) {
            assertThat(h.status).isEqualTo(200);
            assertThat(h.headers.get("content-type")).startsWith("text/event-stream");
            // Chunks would be read as part of the events by a client that cannot decode them.
            assertThat(h.headers).doesNotContainKey("transfer-encoding");
            assertThat(h.headers.get("connection")).isEqualToIgnoringCase("close");
            String ready = h.readUntil("stream.ready");
            assertThat(ready).startsWith("id: ").doesNotContain("\r\n");
            // A keep-alive comment (every 300 ms here) arrives as bare SSE too.
            String rest = h.readUntil("\n:");
            assertThat(rest).contains("\n:").doesNotContain("\r\n");
        }
    }

    @Test
    void refusesMissingAndUnknownCredentialsWithProblemJson() throws IOException {
        Login login = login();
        for (String path : new String[] {WS, SSE}) {
            for (Map<String, String> credential : List.of(
                    Map.<String, String>of(),
                    Map.of("Cookie", "tidings_session=not-a-session"),
                    Map.of("Authorization", "Bearer tdg_not-a-token"),
                    // A bearer header wins over a valid cookie, as everywhere in the API.
                    Map.of("Authorization", "Bearer tdg_not-a-token", "Cookie", login.cookie()))) {
                try (Handshake h = Handshake.open(port, path, credential)) {
                    assertThat(h.status).as(path + " " + credential.keySet()).isEqualTo(401);
                    assertThat(h.headers.get("content-type")).startsWith("application/problem+json");
                    JsonNode problem = Api.JSON.readTree(h.body());
                    assertThat(problem.path("code").asString()).isEqualTo("unauthenticated");
                    assertThat(problem.path("instance").asString()).isEqualTo(path);
                }
            }
        }
    }

    @Test
    void theOriginIsCheckedBeforeTheCredential() throws IOException {
        try (Handshake h = Handshake.open(
                port, WS, Map.of("Cookie", "tidings_session=not-a-session", "Origin", "http://evil.example"))) {
            assertThat(h.status).isEqualTo(403);
            assertThat(Api.JSON.readTree(h.body()).path("code").asString()).isEqualTo("origin_not_allowed");
        }
    }

    @Test
    void aPlainGetOfTheWebSocketPathIsABadRequest() {
        Login login = login();
        new Api(port).bearer(login.token()).get(WS).expectProblem(400, "invalid_parameter");
        new Api(port).get(WS).expectProblem(401, "unauthenticated");
    }

    @Test
    void sseAnswersWithTheStreamHeadersAndRefusesBadCursorsBeforeItStarts() throws IOException {
        Login login = login();
        try (Handshake h = Handshake.open(port, SSE, Map.of("Authorization", "Bearer " + login.token()))) {
            assertThat(h.status).isEqualTo(200);
            assertThat(h.headers.get("content-type")).startsWith("text/event-stream");
            assertThat(h.headers.get("cache-control")).isEqualTo("no-store");
            assertThat(h.headers.get("x-accel-buffering")).isEqualTo("no");
            assertThat(h.headers.get("x-content-type-options")).isEqualTo("nosniff");
            assertThat(h.headers).doesNotContainKey("set-cookie");
        }
        Api api = new Api(port).bearer(login.token());
        api.get(SSE + "?after=nope").expectProblem(400, "invalid_cursor");
        api.get(SSE + "?after=1.00000000deadbeef").expectProblem(410, "cursor_expired");
        // Last-Event-ID (the browser's reconnect) wins over the url's cursor.
        new Api(port)
                .bearer(login.token())
                .header("Last-Event-ID", "nope")
                .get(SSE)
                .expectProblem(400, "invalid_cursor");
    }

    @Test
    void webSocketClosesWithTheCodeOfWhatEndedIt() {
        Login login = login();
        String base = new Api(port).baseUrl();
        try (StreamClient expired = StreamClient.open(Transport.WEBSOCKET, base, login.token(), "1.00000000deadbeef");
                StreamClient bad = StreamClient.open(Transport.WEBSOCKET, base, login.token(), "nope")) {
            assertThat(expired.closeReason).succeedsWithin(WAIT).asString().isEqualTo("4410 cursor_expired");
            assertThat(bad.closeReason).succeedsWithin(WAIT).asString().isEqualTo("4400 invalid_cursor");
            assertThat(expired.collect("stream.error", 1, WAIT)
                            .getFirst()
                            .path("data")
                            .path("code")
                            .asString())
                    .isEqualTo("cursor_expired");
        }
    }

    @Test
    void commandsAreAnsweredOverTheRoute() {
        Login login = login();
        try (StreamClient ws = StreamClient.open(Transport.WEBSOCKET, new Api(port).baseUrl(), login.token(), null)) {
            ws.collect("stream.ready", 1, WAIT);
            ws.sendText("{\"type\":\"dance\"}");
            ws.sendText("not json");
            assertThat(ws.collect("error", 2, WAIT))
                    .extracting(f -> f.path("code").asString())
                    .containsExactly("unknown_command", "malformed_json");
        }
    }

    @Test
    void idleStreamsAreKeptAliveByTheSharedHeartbeat() throws Exception {
        Login login = login();
        try (Handshake sse = Handshake.open(port, SSE, Map.of("Authorization", "Bearer " + login.token()))) {
            assertThat(sse.readUntil(": keep-alive")).contains("stream.ready").contains(": keep-alive");
        }
        CompletableFuture<Boolean> pinged = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .header("Authorization", "Bearer " + login.token())
                .buildAsync(URI.create("ws://localhost:" + port + WS), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                        pinged.complete(true);
                        return WebSocket.Listener.super.onPing(webSocket, message);
                    }
                })
                .join();
        try {
            assertThat(pinged).succeedsWithin(WAIT);
        } finally {
            socket.abort();
        }
    }
}
