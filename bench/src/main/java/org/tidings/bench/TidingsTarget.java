package org.tidings.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tidings from its jar, with {@code users} users (API tokens), one group holding all of them, and
 * the pairs befriended. Senders use the WebSocket {@code send} command when the stream is a
 * WebSocket, and {@code POST /api/conversations/{id}/messages} otherwise, as a browser would.
 */
final class TidingsTarget implements Target {

    static final Duration SHORT_POLL_INTERVAL = Duration.ofSeconds(1);

    private final ServerProcess server;
    private final HttpClient http;
    private final TidingsApi api;
    private List<TidingsApi.User> users = List.of();
    private long groupId;
    private long[] pairConversations = new long[0];

    TidingsTarget(ServerProcess server, HttpClient http) {
        this.server = server;
        this.http = http;
        this.api = new TidingsApi(http, server.port());
    }

    HttpClient httpClient() {
        return http;
    }

    TidingsApi api() {
        return api;
    }

    List<TidingsApi.User> users() {
        return users;
    }

    /** Creates the users, the group (when asked) and the pairs' direct conversations (when asked). */
    TidingsTarget prepare(int count, boolean group, boolean pairs) throws Exception {
        users = api.users("user", count);
        if (group) {
            groupId = api.group(users.getFirst(), "everyone", users);
        }
        if (pairs) {
            pairConversations = TidingsApi.parallel(count / 2, i -> api.befriend(users.get(2 * i), users.get(2 * i + 1)))
                    .stream().mapToLong(Long::longValue).toArray();
        }
        return this;
    }

    /** Reuses users (and their tokens) made on an earlier server of the same database. */
    TidingsTarget withUsers(List<TidingsApi.User> existing) {
        users = existing;
        return this;
    }

    @Override
    public String name() {
        return "Tidings";
    }

    @Override
    public List<Transport> transports() {
        return List.of(Transport.WEBSOCKET, Transport.SSE, Transport.LONG_POLL);
    }

    @Override
    public ServerProcess server() {
        return server;
    }

    @Override
    public StreamConnection connect(Transport transport, int user, EventSink sink, int port) throws Exception {
        String base = "http://127.0.0.1:" + port;
        String token = users.get(user).token();
        return switch (transport) {
            case WEBSOCKET -> TidingsWebSocket.open(http, base, token, sink);
            case SSE -> TidingsSse.open(http, base, token, sink);
            case LONG_POLL -> TidingsPoll.open(http, base, token, sink, null);
            case SHORT_POLL -> TidingsPoll.open(http, base, token, sink, SHORT_POLL_INTERVAL);
        };
    }

    @Override
    public Sender sender(Transport transport, int user) throws Exception {
        long pair = pairConversations.length == 0 ? 0 : pairConversations[user / 2];
        AtomicLong failures = new AtomicLong();
        if (transport == Transport.WEBSOCKET) {
            TidingsWebSocket socket = TidingsWebSocket.open(http, api.base(), users.get(user).token(), json -> {
                if (json.startsWith("{\"type\":\"error\"")) {
                    failures.incrementAndGet();
                }
            });
            return new Sender() {
                public void sendToGroup(String body) {
                    socket.send(groupId, body, UUID.randomUUID().toString());
                }

                public void sendToPartner(String body) {
                    socket.send(pair, body, UUID.randomUUID().toString());
                }

                public long failures() {
                    return failures.get() + (socket.broken() ? 1 : 0);
                }

                public void close() {
                    socket.close();
                }
            };
        }
        String token = users.get(user).token();
        return new Sender() {
            public void sendToGroup(String body) {
                post(groupId, body);
            }

            public void sendToPartner(String body) {
                post(pair, body);
            }

            private void post(long conversation, String body) {
                try {
                    HttpRequest request = api.request(
                            "POST",
                            "/api/conversations/" + conversation + "/messages",
                            token,
                            java.util.Map.of("body", body, "clientMsgId", UUID.randomUUID().toString()));
                    http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                        if (error != null || response.statusCode() >= 300) {
                            failures.incrementAndGet();
                        }
                    });
                } catch (java.io.IOException e) {
                    failures.incrementAndGet();
                }
            }

            public long failures() {
                return failures.get();
            }

            public void close() {}
        };
    }

    @Override
    public void close() {
        server.close();
    }
}
