package org.tidings.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.Person;
import tools.jackson.databind.JsonNode;

/**
 * Retention through the real server, per database: a group's own limit, the server's, who may set
 * them, and a run that erases exactly the expired messages. Its own server: a named administrator
 * and a one-second minimum, so a test need not wait a day.
 */
@TestPropertySource(properties = {"tidings.admin.usernames=" + RetentionContract.CHIEF, "tidings.retention.minimum=1s"})
abstract class RetentionContract {

    static final String CHIEF = "retention_chief";

    @LocalServerPort
    int port;

    private Api chief() {
        return Api.signedInAs(port, CHIEF);
    }

    private static Map<String, Object> retention(String value) {
        Map<String, Object> body = new HashMap<>();
        body.put("retention", value);
        return body;
    }

    private static String history(Person person, long conversation) {
        return person.api()
                .get("/api/conversations/" + conversation + "/messages")
                .expect(200)
                .body();
    }

    @Test
    void aGroupsOwnRetentionErasesItsExpiredMessagesAndNothingElse() throws Exception {
        Api chief = chief();
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        long ephemeral = alice.createGroup("ephemeral", bob);
        long archive = alice.createGroup("archive", bob);
        alice.send(ephemeral, "old news");
        alice.send(archive, "keep me");

        String path = "/api/groups/" + ephemeral + "/retention";
        bob.api().put(path, retention("PT1S")).expectProblem(403, "forbidden");
        Person.signUp(port, "mallory").api().get(path).expectProblem(404, "not_found");
        alice.api().put(path, retention("forever")).expectProblem(400, "invalid_retention");
        alice.api().put(path, retention("PT0.5S")).expectProblem(400, "retention_too_short");
        assertThat(alice.api()
                        .put(path, retention("PT1S"))
                        .expect(200)
                        .json()
                        .path("retention")
                        .asString())
                .isEqualTo("PT1S");
        assertThat(bob.api().get(path).expect(200).json().path("retention").asString())
                .isEqualTo("PT1S");

        Thread.sleep(1_500);
        long job = chief.post("/api/admin/retention/run", Map.of())
                .expect(202)
                .json()
                .path("jobId")
                .asLong();
        JsonNode finished = chief.awaitJob(job);
        assertThat(finished.path("state").asString()).isEqualTo("succeeded");
        assertThat(finished.path("result").path("messagesErased").asLong()).isPositive();

        assertThat(history(bob, ephemeral)).doesNotContain("old news");
        assertThat(history(bob, archive)).contains("keep me");
        // Newer than the limit at the moment of the run: kept until the next one.
        alice.send(ephemeral, "just said");
        assertThat(history(bob, ephemeral)).contains("just said");
    }

    @Test
    void theServersRetentionIsForAdministratorsAndBoundsTheGroups() {
        Api chief = chief();
        Person alice = Person.signUp(port, "alice");
        long group = alice.createGroup("long memory");

        alice.api().put("/api/admin/settings/retention", retention("P30D")).expectProblem(403, "forbidden");
        alice.api().post("/api/admin/retention/run", Map.of()).expectProblem(403, "forbidden");
        try {
            chief.put("/api/admin/settings/retention", retention("P30D")).expect(200);
            assertThat(chief.get("/api/admin/settings/retention")
                            .expect(200)
                            .json()
                            .path("retention")
                            .asString())
                    .isEqualTo("PT720H");
            alice.api()
                    .put("/api/groups/" + group + "/retention", retention("P60D"))
                    .expectProblem(400, "retention_too_long");
            alice.api()
                    .put("/api/groups/" + group + "/retention", retention("P7D"))
                    .expect(200);
        } finally {
            chief.put("/api/admin/settings/retention", retention(null)).expect(200);
        }
        // None: the field is left out (the API leaves out nulls).
        assertThat(chief.get("/api/admin/settings/retention").expect(200).json().has("retention"))
                .isFalse();
    }
}
