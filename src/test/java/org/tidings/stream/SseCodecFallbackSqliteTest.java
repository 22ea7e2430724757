package org.tidings.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.SqliteServer;
import tools.jackson.databind.JsonNode;

/**
 * SSE on a compressed response: the compression handler must see every event, so they cannot go
 * out as the pre-built chunks written past the HTTP codec (SseRoute.chunkedCodec); they pass
 * through the handler and the codec instead. Read off a raw socket, de-chunked and inflated by
 * the test itself, the body must be SSE and nothing else, every event whole and in order.
 */
@SqliteServer
@TestPropertySource(properties = {"server.compression.enabled=true", "server.compression.mime-types=text/event-stream"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SseCodecFallbackSqliteTest {

    @LocalServerPort
    int port;

    @Autowired
    EventLog log;

    @Test
    void aCompressedStreamCarriesEveryEventWholeAndInOrder() throws IOException {
        Api api = new Api(port);
        long userId = api.signUp("fallback").path("id").asLong();
        String token = api.token();
        String cursor = new Api(port)
                .bearer(token)
                .get("/api/events/cursor")
                .expect(200)
                .json()
                .path("cursor")
                .asString();
        // Larger than one chunk and one read, so an event split across them must come back whole.
        String padding = "x".repeat(20_000);
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET /api/events/stream?after=" + cursor + " HTTP/1.1\r\n"
                                    + "Host: localhost:" + port + "\r\n"
                                    + "Accept: text/event-stream\r\n"
                                    + "Accept-Encoding: gzip\r\n"
                                    + "Authorization: Bearer " + token + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream raw = socket.getInputStream();
            String head = readUntil(raw, "\r\n\r\n").toLowerCase();
            assertThat(head)
                    .startsWith("http/1.1 200")
                    .contains("content-type: text/event-stream")
                    .contains("content-encoding: gzip")
                    .contains("transfer-encoding: chunked");
            InputStream in = new GZIPInputStream(new Dechunked(raw), 512);

            readUntil(in, "stream.ready");
            log.write(tx -> {
                for (int n = 0; n < 10; n++) {
                    tx.emitToUser(userId, "test.ping", Map.of("n", n, "padding", n % 3 == 0 ? padding : ""));
                }
                return null;
            });
            log.write(tx -> {
                for (int n = 10; n < 20; n++) {
                    tx.emitToUser(userId, "test.ping", Map.of("n", n, "padding", ""));
                }
                return null;
            });
            String body = readUntil(in, "\"n\":19");
            body += readUntil(in, "\n\n");

            List<Integer> numbers = new ArrayList<>();
            // After the rest of the stream.ready event.
            for (String event : body.substring(body.indexOf("\n\n") + 2).split("\n\n")) {
                if (event.startsWith(":")) {
                    continue; // a keep-alive comment
                }
                String[] lines = event.split("\n");
                assertThat(lines).as(event).hasSize(2);
                assertThat(lines[0]).startsWith("id: ");
                assertThat(lines[1]).startsWith("data: ");
                JsonNode json = Api.JSON.readTree(lines[1].substring("data: ".length()));
                assertThat(json.path("id").asString()).isEqualTo(lines[0].substring("id: ".length()));
                int n = json.path("data").path("n").asInt();
                assertThat(json.path("data").path("padding").asString()).hasSize(n < 10 && n % 3 == 0 ? 20_000 : 0);
                numbers.add(n);
            }
            assertThat(numbers)
                    .containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
        }
    }

    /** The data of an HTTP/1.1 chunked body, as far as it has arrived (blocks only when none has). */
    private static final class Dechunked extends InputStream {
        private final InputStream in;
        private int left;

        Dechunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            while (left == 0) {
                String size = readUntil(in, "\r\n").strip();
                if (size.isEmpty()) {
                    continue; // the line break that closes the chunk before
                }
                left = Integer.parseInt(size.split(";")[0], 16);
                if (left == 0) {
                    return -1;
                }
            }
            int n = in.read(buffer, offset, Math.min(length, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** Reads until {@code marker} has arrived; returns everything read (the marker included). */
    private static String readUntil(InputStream in, String marker) throws IOException {
        byte[] end = marker.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before " + marker + " arrived: " + seen);
            }
            seen.write(b);
            // The markers used here do not repeat their own first byte, so restarting is enough.
            matched = b == end[matched] ? matched + 1 : b == end[0] ? 1 : 0;
        }
        return seen.toString(StandardCharsets.UTF_8);
    }
}
