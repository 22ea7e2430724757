package org.tidings.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.Person;
import org.tidings.testing.SqliteServer;
import org.tidings.testing.StreamClient;
import tools.jackson.databind.JsonNode;

/** The server page's snapshot: every figure there, the counters moving after a send, admins only. */
@SqliteServer
@TestPropertySource(properties = "tidings.admin.usernames=" + ServerPageSqliteTest.CHIEF)
class ServerPageSqliteTest {

    static final String CHIEF = "server_chief";

    @LocalServerPort
    int port;

    private Api chief() {
        return Api.signedInAs(port, CHIEF);
    }

    @Test
    void theSnapshotHasEveryFigureAndMovesAfterASend() {
        Api chief = chief();
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        long direct = alice.befriend(bob);
        JsonNode before = chief.get("/api/admin/server").expect(200).json();
        for (String field : new String[] {
            "usersOnline",
            "sends",
            "writer",
            "rateLimitRefusals",
            "loginFailures",
            "uploads",
            "jobsRunning",
            "jobsQueued",
            "streams",
            "heap"
        }) {
            assertThat(before.has(field)).as(field).isTrue();
        }
        assertThat(before.path("database").asString()).isEqualTo("SQLite");
        assertThat(before.path("registrationPolicy").asString()).isEqualTo("open");
        assertThat(before.path("version").asString()).isNotBlank();
        assertThat(before.path("heap").path("usedBytes").asLong()).isPositive();
        assertThat(before.path("uptimeSeconds").asLong()).isGreaterThanOrEqualTo(0);
        double created = before.path("sends").path("created").asDouble(0);
        long batches = before.path("writer").path("batches").asLong();
        double failures = before.path("loginFailures").asDouble();

        alice.api()
                .post("/api/conversations/" + direct + "/messages", Map.of("body", "hello"))
                .expect(201);
        new Api(port)
                .post("/api/auth/login", Map.of("username", alice.username(), "password", "wrong horse"))
                .expectProblem(401, "invalid_credentials");

        JsonNode after = chief.get("/api/admin/server").expect(200).json();
        assertThat(after.path("sends").path("created").asDouble()).isEqualTo(created + 1);
        assertThat(after.path("writer").path("batches").asLong()).isGreaterThan(batches);
        assertThat(after.path("writer").path("batchSizeMean").asDouble()).isGreaterThanOrEqualTo(1);
        assertThat(after.path("writer").path("commitP99Ms").asDouble())
                .isGreaterThanOrEqualTo(after.path("writer").path("commitP50Ms").asDouble())
                .isPositive();
        assertThat(after.path("loginFailures").asDouble()).isEqualTo(failures + 1);
    }

    @Test
    void theStreamFiguresFollowOpenStreamsAndDeliveries() throws Exception {
        Api chief = chief();
        Person gina = Person.signUp(port, "gina");
        Person hal = Person.signUp(port, "hal");
        long direct = gina.befriend(hal);
        String base = "http://localhost:" + port;
        JsonNode before = chief.get("/api/admin/server").expect(200).json().path("streams");
        for (String field : new String[] {"open", "delivered", "slowConsumers", "refused", "pollsWaiting"}) {
            assertThat(before.has(field)).as(field).isTrue();
        }
        double ws = before.path("open").path("websocket").asDouble();
        double sse = before.path("open").path("sse").asDouble();
        double delivered = before.path("delivered").path("websocket").asDouble();

        try (StreamClient wsStream = StreamClient.open(StreamClient.Transport.WEBSOCKET, base, gina.token(), null);
                StreamClient sseStream = StreamClient.open(StreamClient.Transport.SSE, base, gina.token(), null)) {
            JsonNode open = chief.get("/api/admin/server").expect(200).json().path("streams");
            assertThat(open.path("open").path("websocket").asDouble()).isEqualTo(ws + 1);
            assertThat(open.path("open").path("sse").asDouble()).isEqualTo(sse + 1);

            hal.send(direct, "counted");
            assertThat(wsStream.collect("message.created", 1, Duration.ofSeconds(10)))
                    .hasSize(1);
            assertThat(sseStream.collect("message.created", 1, Duration.ofSeconds(10)))
                    .hasSize(1);
            // Counted when the frame is flushed, just after the client may have read it.
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (streams(chief).path("delivered").path("websocket").asDouble() <= delivered) {
                assertThat(System.nanoTime()).as("delivered did not move").isLessThan(deadline);
                Thread.sleep(50);
            }
        }
        // Closed: back where it was (the server notices the close a moment later).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (streams(chief).path("open").path("websocket").asDouble() != ws
                || streams(chief).path("open").path("sse").asDouble() != sse) {
            assertThat(System.nanoTime()).as("open streams did not drop").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static JsonNode streams(Api chief) {
        return chief.get("/api/admin/server").expect(200).json().path("streams");
    }

    @Test
    void onlyAdministratorsSeeIt() {
        chief(); // the first account on an empty server is an administrator: not this one
        Person plain = Person.signUp(port, "plain");
        plain.api().get("/api/admin/server").expectProblem(403, "forbidden");
        new Api(port).get("/api/admin/server").expect(401);
    }
}
