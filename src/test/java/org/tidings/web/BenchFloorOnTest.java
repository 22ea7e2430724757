package org.tidings.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.SqliteServer;

/** Switched on for the benchmark, the floor answers without the security chain; the API keeps it. */
@SqliteServer
@TestPropertySource(properties = BenchFloor.PROPERTY + "=true")
class BenchFloorOnTest {

    @LocalServerPort
    int port;

    @Test
    void floorAnswersOutsideTheSecurityChain() {
        Api.Response floor = new Api(port).get(BenchFloor.PATH).expect(200);
        assertThat(floor.body()).isEqualTo("{\"ok\":true}");
        // No CSRF cookie: the security chain did not run for it.
        assertThat(floor.raw().headers().allValues("Set-Cookie")).isEmpty();
        new Api(port).get("/api/me").expectProblem(401, "unauthenticated");
    }
}
