package org.tidings.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * A small measurement, printed and never asserted: the time from starting a send on one node
 * until the message arrives on a WebSocket held on the same node, and on one held on another.
 */
public final class DeliveryLatency {

    private DeliveryLatency() {}

    /** Sends {@code count} messages through {@code origin}; prints median and p99 per receiver. */
    public static void measure(String label, String origin, String other, int count) {
        Person sender = Person.signUp(port(origin), "lat-sender");
        Person receiver = Person.signUp(port(other), "lat-receiver");
        long conversation = sender.befriend(receiver);
        Api api = new Api(origin).bearer(sender.token());
        Arrivals here = new Arrivals(origin, receiver.token());
        Arrivals there = new Arrivals(other, receiver.token());
        List<Long> sameNode = new ArrayList<>();
        List<Long> crossNode = new ArrayList<>();
        try {
            // The sockets start "from now" once their handshake is through; wait until both are live.
            boolean live = false;
            for (int i = 0; i < 50 && !live; i++) {
                long id = send(api, conversation, "warm-up");
                live = here.arrived(id, Duration.ofMillis(200)) != null
                        && there.arrived(id, Duration.ofMillis(200)) != null;
            }
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                long id = send(api, conversation, "ping " + i);
                sameNode.add(here.await(id) - start);
                crossNode.add(there.await(id) - start);
            }
        } finally {
            here.close();
            there.close();
        }
        System.out.printf(
                "[latency] %s, %d messages, send start -> frame: same node median %.1f ms p99 %.1f ms;"
                        + " other node median %.1f ms p99 %.1f ms%n",
                label,
                count,
                percentile(sameNode, 50),
                percentile(sameNode, 99),
                percentile(crossNode, 50),
                percentile(crossNode, 99));
    }

    /** A WebSocket stream that stamps each message.created with its arrival time. */
    private static final class Arrivals implements WebSocket.Listener {
        private final Map<Long, Long> at = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;

        Arrivals(String baseUrl, String token) {
            this.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create(baseUrl.replaceFirst("^http", "ws") + "/api/events/ws"), this)
                    .join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long now = System.nanoTime();
            partial.append(data);
            if (last) {
                JsonNode frame = Api.JSON.readTree(partial.toString());
                partial.setLength(0);
                if ("message.created".equals(frame.path("type").asString())) {
                    at.put(frame.path("data").path("id").asLong(), now);
                }
            }
            webSocket.request(1);
            return null;
        }

        long await(long messageId) {
            Long arrived = arrived(messageId, Duration.ofSeconds(10));
            if (arrived == null) {
                throw new AssertionError("message " + messageId + " did not arrive within 10 s");
            }
            return arrived;
        }

        /** When the message arrived, or null if it did not within the timeout. */
        Long arrived(long messageId, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Long arrived = at.get(messageId);
                if (arrived != null) {
                    return arrived;
                }
                try {
                    Thread.sleep(0, 200_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return null;
        }

        void close() {
            socket.abort();
        }
    }

    private static long send(Api api, long conversation, String body) {
        return api.post(
                        "/api/conversations/" + conversation + "/messages",
                        Map.of("body", body, "clientMsgId", UUID.randomUUID().toString()))
                .expect(201)
                .json()
                .path("id")
                .asLong();
    }

    private static double percentile(List<Long> nanos, int percent) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.clamp(index, 0, sorted.size() - 1)) / 1e6;
    }

    private static int port(String baseUrl) {
        return Integer.parseInt(baseUrl.replaceAll(".*:", ""));
    }
}
