package org.tidings.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Api;
import org.tidings.testing.SqliteServer;

/** The benchmark's floor endpoint is not part of a server started with its defaults. */
@SqliteServer
class BenchFloorOffTest {

    @LocalServerPort
    int port;

    @Test
    void floorEndpointIsOffByDefault() {
        Api.Response response = new Api(port).get(BenchFloor.PATH);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("\"ok\":true");
    }
}
