package org.tidings.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.tidings.testing.Api;
import org.tidings.testing.ClusterNodes;
import org.tidings.testing.DeliveryLatency;
import org.tidings.testing.ExactlyOnceWorkload;
import org.tidings.testing.LocalRedis;
import org.tidings.testing.Person;
import org.tidings.testing.StreamClient;
import tools.jackson.databind.JsonNode;

/**
 * Real nodes (each its own JVM) on one PostgreSQL database and the machine's Redis, with
 * clients spread across them by a round-robin "load balancer". PostgreSQL only: cluster mode
 * refuses SQLite ({@link ClusterModeNeedsPostgresTest}), so there is no SQLite twin here.
 *
 * <p>The tests share one cluster, since starting nodes is most of their time: three nodes, of
 * which the first test kills one; the Redis test then runs on the two survivors, as it always
 * did on two nodes of its own. Each test has its own users and conversations.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

    private static final Map<String, String> NODE = Map.of(
            // The workload sends as fast as it can; the send limit is not what is under test.
            "tidings.chat.send-burst", "1000000",
            "tidings.chat.send-refill-per-second", "1000000",
            // Short, so a dead node's users stop counting within the test's patience.
            "tidings.cluster.heartbeat", "1s",
            "tidings.cluster.node-timeout", "3s",
            // An administrator for the deactivation check.
            "tidings.admin.usernames", "cluster_chief");

    private static final ExactlyOnceWorkload.Config WORKLOAD =
            new ExactlyOnceWorkload.Config(12, 40, 24, Duration.ofMinutes(3));

    private static ClusterNodes cluster;

    @BeforeAll
    static void startCluster() {
        LocalRedis.require();
        cluster = ClusterNodes.start(3, NODE);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void nodesActAsOneAndLoseNothingWhenOneIsKilledMidRun() throws Exception {
        String a = cluster.node(0).baseUrl();
        String doomed = cluster.node(2).baseUrl();
        DeliveryLatency.measure("redis up", a, cluster.node(1).baseUrl(), 100);

        // Someone online only on the node about to die, and a friend asking on another node.
        Person online = Person.signUp(port(doomed), "online");
        Person friend = Person.signUp(port(a), "friend");
        friend.befriend(online);
        StreamClient stream = StreamClient.open(StreamClient.Transport.SSE, doomed, online.token(), null);
        StreamClient friendStream = StreamClient.open(StreamClient.Transport.WEBSOCKET, a, friend.token(), null);
        Api friendOnA = new Api(a).bearer(friend.token());
        assertThat(eventually(Duration.ofSeconds(10), () -> onlineFor(friendOnA).contains(online.id())))
                .as("online on node C counts as online for a friend asking node A")
                .isTrue();

        revocationReachesOtherNodes(a, cluster.node(1).baseUrl());
        deactivationClosesAStreamOnAnotherNode(a, cluster.node(1).baseUrl());
        signInLimitIsShared(a, cluster.node(1).baseUrl());

        new ExactlyOnceWorkload(WORKLOAD, cluster.balancer()).run(() -> cluster.kill(2));
        stream.close();
        assertThat(tailerReads(new Api(a)))
                .as("node A's tailer measured its lag behind the database while it read the workload")
                .isPositive();

        assertThat(eventually(
                        Duration.ofSeconds(10), () -> !onlineFor(friendOnA).contains(online.id())))
                .as("a user online only on a dead node stops counting once its heartbeat expires")
                .isTrue();
        assertThat(wentOffline(friendStream, online.id(), Duration.ofSeconds(15)))
                .as("the friend's stream on node A is told the dead node's user went offline")
                .isTrue();
        friendStream.close();
    }

    @Test
    @Order(2)
    void nothingIsLostOrDoubledWhenRedisStopsAndComesBack() throws Exception {
        String a = cluster.node(0).baseUrl();
        String b = cluster.node(1).baseUrl();
        AtomicReference<Throwable> duringOutage = new AtomicReference<>();
        try {
            new ExactlyOnceWorkload(WORKLOAD, cluster.balancer()).run(() -> {
                LocalRedis.stop();
                try {
                    // Nodes keep serving (sign-up, sign-in, sends) and deliver across nodes by
                    // polling the database; this also keeps Redis down for a few seconds.
                    DeliveryLatency.measure("redis down", a, b, 20);
                } catch (Throwable e) {
                    duringOutage.set(e); // the chaos thread's failures would go unseen
                } finally {
                    LocalRedis.start();
                }
            });
        } finally {
            LocalRedis.start();
        }
        assertThat(duringOutage.get()).as("serving while Redis was down").isNull();
        // Reconnected and resubscribed: wake-ups flow again, no longer only the fallback poll.
        String heads = cluster.prefix() + ":stream.head";
        int alive = cluster.aliveCount(); // two, unless the first test failed before its kill
        assertThat(eventually(Duration.ofSeconds(15), () -> LocalRedis.subscribers(heads) == alive))
                .as("all %d live nodes subscribed to %s again after the Redis restart", alive, heads)
                .isTrue();
        DeliveryLatency.measure("after redis restart", a, b, 100);
    }

    private static void revocationReachesOtherNodes(String a, String b) {
        Api owner = new Api(a);
        owner.signUp("revoker");
        JsonNode created = owner.post("/api/auth/tokens", Map.of("name", "script"))
                .expect(201)
                .json();
        Api script = new Api(b).bearer(created.path("token").asString());
        script.get("/api/me").expect(200); // now in node B's credential cache
        owner.delete("/api/auth/tokens/" + created.path("id").asLong()).expect(204);
        assertThat(eventually(Duration.ofSeconds(5), () -> script.get("/api/me").status() == 401))
                .as("a token revoked on node A is refused on node B long before B's 30 s cache expires")
                .isTrue();
    }

    private static void signInLimitIsShared(String a, String b) {
        String username = new Api(a).signUp("guessed").path("username").asString();
        Map<String, String> wrong = Map.of("username", username, "password", "wrong password");
        for (int i = 0; i < 5; i++) {
            // Five failures (the limit), alternating nodes: no node alone saw more than three.
            new Api(i % 2 == 0 ? a : b).post("/api/auth/login", wrong).expect(401);
        }
        Map<String, String> right = Map.of("username", username, "password", "correct horse");
        new Api(b).post("/api/auth/login", right).expectProblem(429, "rate_limited");
    }

    private static java.util.List<Long> onlineFor(Api api) {
        return api.get("/api/presence")
                .expect(200)
                .json()
                .path("online")
                .valueStream()
                .map(JsonNode::asLong)
                .toList();
    }

    private static boolean wentOffline(StreamClient stream, long userId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = stream.next(Duration.ofMillis(100));
            if (frame != null
                    && "presence.changed".equals(frame.path("type").asString())
                    && frame.path("data").path("userId").asLong() == userId
                    && !frame.path("data").path("online").asBoolean()) {
                return true;
            }
        }
        return false;
    }

    private static boolean eventually(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static int port(String baseUrl) {
        return Integer.parseInt(baseUrl.replaceAll(".*:", ""));
    }

    /** How many reads node's tailer has measured (tidings_cluster_tailer_lag_seconds_count). */
    private static double tailerReads(Api node) {
        var count = java.util.regex.Pattern.compile(
                        "(?m)^tidings_cluster_tailer_lag_seconds_count(\\{[^}]*\\})?\\s+(\\S+)$")
                .matcher(node.get("/actuator/prometheus").expect(200).body());
        return count.find() ? Double.parseDouble(count.group(2)) : 0;
    }

    /** An administrator on node A deactivates someone whose stream is on node B: B closes it within a second. */
    private static void deactivationClosesAStreamOnAnotherNode(String a, String b) throws Exception {
        Api chief = new Api(a);
        chief.post(
                        "/api/auth/register",
                        Map.of("username", "cluster_chief", "password", "correct horse", "displayName", "Chief"))
                .expect(201);
        chief.post("/api/auth/login", Map.of("username", "cluster_chief", "password", "correct horse"))
                .expect(200);
        Person leaver = Person.signUp(port(b), "leaver");
        try (StreamClient stream = StreamClient.open(StreamClient.Transport.WEBSOCKET, b, leaver.token(), null)) {
            chief.post("/api/admin/users/" + leaver.id() + "/deactivate", Map.of())
                    .expect(204);
            long committed = System.nanoTime();
            String reason = stream.closeReason.get(10, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committed);
            System.out.println("cluster: deactivation on A closed the stream on B after " + millis + " ms");
            assertThat(reason).startsWith("4403");
            assertThat(millis)
                    .as("from the deactivation's answer on A to the close on B")
                    .isLessThan(1_000);
        }
    }
}
