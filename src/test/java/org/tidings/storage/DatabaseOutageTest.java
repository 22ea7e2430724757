package org.tidings.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tidings.testing.Api;
import org.tidings.testing.Person;
import org.tidings.testing.PostgresDatabases;
import org.tidings.testing.ServerProcess;
import org.tidings.testing.TcpProxy;
import tools.jackson.databind.JsonNode;

/**
 * PostgreSQL going away under a running server (through a proxy the test cuts, so the shared
 * PostgreSQL keeps running): requests that need it fail fast with 503 database_unavailable,
 * nothing of a failed write is stored, and the server recovers on its own. PostgreSQL only: a
 * SQLite file does not go away like that.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DatabaseOutageTest {

    private static final Pattern HOST_PORT = Pattern.compile("//[^/:]+:(\\d+)/");

    @Test
    void answersDatabaseUnavailableWhilePostgresIsUnreachableAndRecovers() {
        String url = PostgresDatabases.createDatabase();
        Matcher hostPort = HOST_PORT.matcher(url);
        assertThat(hostPort.find()).as("host and port in %s", url).isTrue();
        try (TcpProxy proxy = new TcpProxy(Integer.parseInt(hostPort.group(1)));
                ServerProcess server = new ServerProcess(Map.of(
                                "tidings.db.url",
                                hostPort.replaceFirst("//127.0.0.1:" + proxy.port() + "/"),
                                "tidings.db.postgres-connection-timeout",
                                "2s"))
                        .start()) {
            Person alice = Person.signUp(server.port(), "alice");
            Person bob = Person.signUp(server.port(), "bob");
            long conversation = alice.befriend(bob);
            alice.send(conversation, "before");

            proxy.cut();
            // Alice's session was just looked up (cached); the write itself needs the database.
            send(alice.api(), conversation, "during").expectProblem(503, "database_unavailable");
            // Bob's token was never used, so even signing him in needs the database.
            new Api(server.baseUrl())
                    .bearer(bob.token())
                    .get("/api/conversations")
                    .expectProblem(503, "database_unavailable");

            proxy.restore();
            int status = 0;
            for (int i = 0; i < 50 && status != 201; i++) {
                status = send(alice.api(), conversation, "after").status();
                sleep();
            }
            assertThat(status).as("sends work again once the database is back").isEqualTo(201);
            JsonNode page = alice.api()
                    .get("/api/conversations/" + conversation + "/messages")
                    .expect(200)
                    .json();
            assertThat(page.path("messages")
                            .valueStream()
                            .map(m -> m.path("body").asString()))
                    .as("the failed send left nothing behind")
                    .containsExactly("before", "after");
        }
    }

    private static Api.Response send(Api api, long conversation, String body) {
        return api.post(
                "/api/conversations/" + conversation + "/messages",
                Map.of("body", body, "clientMsgId", UUID.randomUUID().toString()));
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
