package org.tidings.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.Person;
import org.tidings.testing.PostgresServer;
import tools.jackson.databind.JsonNode;

/** On PostgreSQL the page says so, and a backup from the client is refused with the pg_dump pointer. */
@PostgresServer
@TestPropertySource(properties = "tidings.admin.usernames=" + ServerPagePostgresTest.CHIEF)
class ServerPagePostgresTest {

    static final String CHIEF = "pg_server_chief";

    @LocalServerPort
    int port;

    @Test
    void theSnapshotNamesPostgresAndBackupsPointToPgDump() {
        Api chief = new Api(port);
        chief.post("/api/auth/register", Map.of("username", CHIEF, "password", "correct horse", "displayName", "Chief"))
                .expect(201);
        chief.post("/api/auth/login", Map.of("username", CHIEF, "password", "correct horse"))
                .expect(200);
        assertThat(chief.get("/api/admin/server")
                        .expect(200)
                        .json()
                        .path("database")
                        .asString())
                .isEqualTo("PostgreSQL");
        JsonNode refused = chief.post("/api/admin/backups", Map.of()).expectProblem(409, "backup_not_supported");
        assertThat(refused.path("detail").asString()).contains("pg_dump", "docs/deployment.md");
        assertThat(chief.get("/api/admin/backups").expect(200).json().size()).isZero();

        Person plain = Person.signUp(port, "plain");
        plain.api().get("/api/admin/server").expectProblem(403, "forbidden");
        plain.api().post("/api/admin/backups", Map.of()).expectProblem(403, "forbidden");
    }
}
