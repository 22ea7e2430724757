package org.tidings.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.SqliteServer;
import tools.jackson.databind.JsonNode;

/**
 * The Origin rule of the stream handshakes, over raw sockets so the test controls every header
 * a browser would send (the JDK's WebSocket client refuses to set some of them).
 */
@SqliteServer
@TestPropertySource(properties = "tidings.web.allowed-origins=https://App.Example.com:443/")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamOriginSqliteTest {

    private static final String WS = "/api/events/ws";
    private static final String SSE = "/api/events/stream";

    @LocalServerPort
    int port;

    /** A signed-in user's session cookie and an API token. */
    record Login(String cookie, String token) {}

    Login login() {
        Api api = new Api(port);
        api.signUp("origin");
        return new Login("tidings_session=" + api.cookie("tidings_session"), api.token());
    }

    String own() {
        return "http://localhost:" + port;
    }

    @Test
    void cookieHandshakeFromAForeignOriginIsRefused() throws IOException {
        Login login = login();
        for (String path : new String[] {WS, SSE}) {
            for (String origin :
                    new String[] {"http://evil.example", "http://localhost:1", "null", "https://localhost:" + port}) {
                try (Handshake h = Handshake.open(port, path, Map.of("Cookie", login.cookie(), "Origin", origin))) {
                    assertThat(h.status).as(path + " from " + origin).isEqualTo(403);
                    assertThat(h.headers.get("content-type")).startsWith("application/problem+json");
                    JsonNode problem = Api.JSON.readTree(h.body());
                    assertThat(problem.path("code").asString()).isEqualTo("origin_not_allowed");
                    assertThat(problem.path("status").asInt()).isEqualTo(403);
                }
            }
        }
    }

    @Test
    void cookieHandshakeFromTheServersOwnOriginIsLive() throws IOException {
        Login login = login();
        for (String path : new String[] {WS, SSE}) {
            try (Handshake h = Handshake.open(port, path, Map.of("Cookie", login.cookie(), "Origin", own()))) {
                assertThat(h.status).as(path).isEqualTo(path.equals(WS) ? 101 : 200);
                assertThat(h.readUntil("stream.ready")).as(path).contains("stream.ready");
            }
        }
    }

    @Test
    void cookieHandshakeFromAnAllowListedOriginIsLive() throws IOException {
        Login login = login();
        for (String path : new String[] {WS, SSE}) {
            try (Handshake h =
                    Handshake.open(port, path, Map.of("Cookie", login.cookie(), "Origin", "https://app.example.com"))) {
                assertThat(h.status).as(path).isEqualTo(path.equals(WS) ? 101 : 200);
                assertThat(h.readUntil("stream.ready")).contains("stream.ready");
            }
        }
    }

    @Test
    void bearerHandshakesAreNotAffectedByOrigin() throws IOException {
        Login login = login();
        String bearer = "Bearer " + login.token();
        for (String path : new String[] {WS, SSE}) {
            try (Handshake none = Handshake.open(port, path, Map.of("Authorization", bearer));
                    Handshake evil = Handshake.open(
                            port, path, Map.of("Authorization", bearer, "Origin", "http://evil.example"))) {
                assertThat(none.status).as(path).isEqualTo(path.equals(WS) ? 101 : 200);
                assertThat(evil.status).as(path).isEqualTo(path.equals(WS) ? 101 : 200);
                assertThat(evil.readUntil("stream.ready")).contains("stream.ready");
            }
        }
    }

    @Test
    void cookieHandshakeWithoutOriginIsNotABrowserAndIsLive() throws IOException {
        Login login = login();
        try (Handshake h = Handshake.open(port, WS, Map.of("Cookie", login.cookie()))) {
            assertThat(h.status).isEqualTo(101);
            assertThat(h.readUntil("stream.ready")).contains("stream.ready");
        }
    }

    @Test
    void behindAProxyTheOwnOriginIsTheOneTheProxyForwards() throws IOException {
        Login login = login();
        Map<String, String> proxied = new LinkedHashMap<>();
        proxied.put("Cookie", login.cookie());
        proxied.put("X-Forwarded-Proto", "https");
        proxied.put("X-Forwarded-Host", "chat.example.org");
        proxied.put("Origin", "https://chat.example.org");
        try (Handshake h = Handshake.open(port, WS, proxied)) {
            assertThat(h.status).isEqualTo(101);
        }
        // The address the proxy itself listens on is not the origin the browser saw.
        proxied.put("Origin", own());
        try (Handshake h = Handshake.open(port, WS, proxied)) {
            assertThat(h.status).isEqualTo(403);
        }
    }

    @Test
    void anonymousHandshakeIsStillUnauthenticated() throws IOException {
        try (Handshake h = Handshake.open(port, WS, Map.of("Origin", own()))) {
            assertThat(h.status).isEqualTo(401);
            assertThat(Api.JSON.readTree(h.body()).path("code").asString()).isEqualTo("unauthenticated");
        }
    }

    /** One handshake on its own socket: the status line and headers, then the stream as bytes. */
    static final class Handshake implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final int status;
        final Map<String, String> headers = new LinkedHashMap<>();

        private Handshake(Socket socket, int status) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.status = status;
        }

        static Handshake open(int port, String path, Map<String, String> extra) throws IOException {
            return open(port, path, extra, "HTTP/1.1");
        }

        static Handshake open(int port, String path, Map<String, String> extra, String version) throws IOException {
            Socket socket = new Socket("localhost", port);
            socket.setSoTimeout(10_000);
            StringBuilder request =
                    new StringBuilder("GET " + path + " " + version + "\r\nHost: localhost:" + port + "\r\n");
            if (path.equals(WS)) {
                request.append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                        .append("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n");
            } else {
                request.append("Accept: text/event-stream\r\n");
            }
            extra.forEach((name, value) ->
                    request.append(name).append(": ").append(value).append("\r\n"));
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            String head = readHead(socket.getInputStream());
            String[] lines = head.split("\r\n");
            Handshake handshake = new Handshake(socket, Integer.parseInt(lines[0].split(" ")[1]));
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                handshake.headers.put(
                        lines[i].substring(0, colon).strip().toLowerCase(),
                        lines[i].substring(colon + 1).strip());
            }
            return handshake;
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed before the response head ended: " + head);
                }
                head.write(b);
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        /** The body of a response with Content-Length (the problem answers). */
        String body() throws IOException {
            return new String(in.readNBytes(Integer.parseInt(headers.get("content-length"))), StandardCharsets.UTF_8);
        }

        /** Whatever the stream sends until {@code marker} appeared in it (or it ended). */
        String readUntil(String marker) throws IOException {
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            while (!seen.toString(StandardCharsets.UTF_8).contains(marker)) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                seen.write(buffer, 0, n);
            }
            return seen.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
