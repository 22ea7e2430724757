package org.tidings.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.Person;
import org.tidings.testing.SqliteServer;
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
            "usersOnline", "sends", "writer", "rateLimitRefusals", "loginFailures", "uploads", "jobsRunning", "heap"
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
    void onlyAdministratorsSeeIt() {
        chief(); // the first account on an empty server is an administrator: not this one
        Person plain = Person.signUp(port, "plain");
        plain.api().get("/api/admin/server").expectProblem(403, "forbidden");
        new Api(port).get("/api/admin/server").expect(401);
    }
}
