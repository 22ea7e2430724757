package org.tidings.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.Images;
import org.tidings.testing.Person;
import org.tidings.testing.StreamClient;
import tools.jackson.databind.JsonNode;

/**
 * Reports, the administrators' queue and the audit log, through the real server; run per
 * database. Its own server (its own properties): a named administrator, and a small report
 * allowance so the flood test is quick.
 */
@TestPropertySource(
        properties = {"tidings.admin.usernames=" + ModerationContract.CHIEF, "tidings.moderation.report-burst=3"})
abstract class ModerationContract {

    static final String CHIEF = "moderation_chief";

    @LocalServerPort
    int port;

    @Value("${tidings.uploads.dir}")
    java.nio.file.Path uploads;

    private Api chief() {
        Api api = Api.signedInAs(port, CHIEF);
        assertThat(api.get("/api/me").expect(200).json().path("isAdmin").asBoolean())
                .isTrue();
        return api;
    }

    private static String reportPath(long conversation, long message) {
        return "/api/conversations/" + conversation + "/messages/" + message + "/reports";
    }

    private static JsonNode queued(Api admin, String state, long reportId) {
        for (JsonNode report : admin.get("/api/admin/reports?state=" + state + "&limit=100")
                .expect(200)
                .json()
                .path("reports")) {
            if (report.path("id").asLong() == reportId) {
                return report;
            }
        }
        return null;
    }

    private static JsonNode auditEntry(Api admin, String action, long targetId) {
        for (JsonNode entry :
                admin.get("/api/admin/audit?limit=200").expect(200).json().path("entries")) {
            if (entry.path("action").asString().equals(action)
                    && entry.path("targetId").asLong() == targetId) {
                return entry;
            }
        }
        return null;
    }

    @Test
    void aReportedMessageIsDeletedFromTheQueueAndTheActionAudited() {
        Api chief = chief();
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        long conversation = alice.befriend(bob);
        alice.send(conversation, "before");
        long offensive =
                bob.send(conversation, "something offensive").path("id").asLong();
        alice.send(conversation, "after");

        long report = alice.api()
                .post(reportPath(conversation, offensive), Map.of("reason", "insults me"))
                .expect(201)
                .json()
                .path("id")
                .asLong();
        alice.api()
                .post(reportPath(conversation, offensive), Map.of("reason", "again"))
                .expectProblem(409, "already_reported");

        JsonNode queued = queued(chief, "open", report);
        assertThat(queued).isNotNull();
        assertThat(queued.path("reason").asString()).isEqualTo("insults me");
        assertThat(queued.path("reporter").path("id").asLong()).isEqualTo(alice.id());
        assertThat(queued.path("message").path("body").asString()).isEqualTo("something offensive");
        assertThat(queued.path("message").path("sender").path("id").asLong()).isEqualTo(bob.id());
        assertThat(queued.path("context").toString()).contains("before", "after");

        chief.post(
                        "/api/admin/reports/" + report + "/resolve",
                        Map.of("action", "delete_message", "reason", "harassment"))
                .expect(204);

        JsonNode history = alice.api()
                .get("/api/conversations/" + conversation + "/messages")
                .expect(200)
                .json();
        assertThat(history.toString()).doesNotContain("something offensive");
        assertThat(queued(chief, "open", report)).isNull();
        assertThat(queued(chief, "resolved", report).path("resolution").asString())
                .isEqualTo("delete_message");
        JsonNode entry = auditEntry(chief, "message.delete", offensive);
        assertThat(entry).isNotNull();
        assertThat(entry.path("actor").path("username").asString()).isEqualTo(CHIEF);
        assertThat(entry.path("reason").asString()).isEqualTo("harassment");

        chief.post("/api/admin/reports/" + report + "/resolve", Map.of("action", "dismiss"))
                .expectProblem(409, "report_closed");
    }

    @Test
    void aDismissedReportStaysAndTheExportQuotesWhatCouldRunInASpreadsheet() {
        Api chief = chief();
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        long conversation = alice.befriend(bob);
        long message = bob.send(conversation, "a matter of taste").path("id").asLong();
        long report = alice.api()
                .post(reportPath(conversation, message), Map.of("reason", "I dislike it"))
                .expect(201)
                .json()
                .path("id")
                .asLong();

        chief.post(
                        "/api/admin/reports/" + report + "/resolve",
                        Map.of("action", "dismiss", "reason", "=HYPERLINK(\"http://evil\",\"x\")"))
                .expect(204);
        assertThat(queued(chief, "dismissed", report)).isNotNull();
        assertThat(alice.api()
                        .get("/api/conversations/" + conversation + "/messages")
                        .expect(200)
                        .body())
                .contains("a matter of taste");

        Api.Response csv = chief.get("/api/admin/audit.csv").expect(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.body()).startsWith("id,at,actor_id,actor,action,target_type,target_id,reason\r\n");
        assertThat(csv.body())
                .contains(",report.dismiss,report," + report + ",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");

        chief.post("/api/admin/reports/" + report + "/resolve", Map.of("action", "ban_everyone"))
                .expectProblem(409, "report_closed");
    }

    @Test
    void aGroupAdminDeletingSomeoneElsesMessageIsAudited() {
        Api chief = chief();
        Person owner = Person.signUp(port, "owner");
        Person member = Person.signUp(port, "member");
        long group = owner.createGroup("moderated", member);
        long message = member.send(group, "off topic").path("id").asLong();

        owner.api()
                .delete("/api/conversations/" + group + "/messages/" + message)
                .expect(204);
        JsonNode entry = auditEntry(chief, "message.delete", message);
        assertThat(entry).isNotNull();
        assertThat(entry.path("actor").path("id").asLong()).isEqualTo(owner.id());

        // Deleting one's own message is not a moderator action.
        long own = member.send(group, "oops").path("id").asLong();
        member.api().delete("/api/conversations/" + group + "/messages/" + own).expect(204);
        assertThat(auditEntry(chief, "message.delete", own)).isNull();
    }

    @Test
    void theHostileCasesAreRefused() {
        // Signed up first, so none of the people below is the server's first account (an administrator).
        chief();
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        Person mallory = Person.signUp(port, "mallory");
        long conversation = alice.befriend(bob);
        long message = bob.send(conversation, "private words").path("id").asLong();

        // Someone else's conversation: as if it did not exist.
        mallory.api()
                .post(reportPath(conversation, message), Map.of("reason", "spite"))
                .expectProblem(404, "not_found");
        // Not an administrator: the queue, the decisions and the audit log are closed.
        alice.api().get("/api/admin/reports").expectProblem(403, "forbidden");
        alice.api()
                .post("/api/admin/reports/1/resolve", Map.of("action", "dismiss"))
                .expectProblem(403, "forbidden");
        alice.api().get("/api/admin/audit").expectProblem(403, "forbidden");
        alice.api().get("/api/admin/audit.csv").expectProblem(403, "forbidden");
        // One's own message, an empty reason, an oversized one.
        long own = alice.send(conversation, "mine").path("id").asLong();
        alice.api().post(reportPath(conversation, own), Map.of("reason", "me")).expectProblem(400, "own_message");
        alice.api()
                .post(reportPath(conversation, message), Map.of("reason", " "))
                .expectProblem(400, "validation_failed");
        alice.api()
                .post(reportPath(conversation, message), Map.of("reason", "x".repeat(501)))
                .expectProblem(400, "validation_failed");

        // A flood: the allowance (3 here) and then 429 with Retry-After.
        for (int i = 0; i < 3; i++) {
            long each = bob.send(conversation, "spam " + i).path("id").asLong();
            alice.api()
                    .post(reportPath(conversation, each), Map.of("reason", "spam"))
                    .expect(201);
        }
        long more = bob.send(conversation, "spam 4").path("id").asLong();
        Api.Response refused = alice.api().post(reportPath(conversation, more), Map.of("reason", "spam"));
        refused.expectProblem(429, "rate_limited");
        assertThat(refused.header("Retry-After")).isNotBlank();
    }

    @Test
    void aDeactivatedAccountIsLockedOutAtOnceAndCanComeBack() {
        Api chief = chief();
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        long conversation = alice.befriend(bob);
        long message = bob.send(conversation, "rude words").path("id").asLong();
        Api bobToken = new Api(port).bearer(bob.token());
        bobToken.get("/api/me").expect(200);
        long report = alice.api()
                .post(reportPath(conversation, message), Map.of("reason", "rude"))
                .expect(201)
                .json()
                .path("id")
                .asLong();

        chief.post(
                        "/api/admin/reports/" + report + "/resolve",
                        Map.of("action", "deactivate_author", "reason", "left the company"))
                .expect(204);

        // Every session and token stops working at once; signing in says why, to the owner only.
        bob.api().get("/api/me").expectProblem(401, "unauthenticated");
        bobToken.get("/api/me").expectProblem(401, "unauthenticated");
        new Api(port)
                .post("/api/auth/login", Map.of("username", bob.username(), "password", "correct horse"))
                .expectProblem(403, "account_deactivated");
        new Api(port)
                .post("/api/auth/login", Map.of("username", bob.username(), "password", "wrong horse"))
                .expectProblem(401, "invalid_credentials");
        // The messages stay; the administrators' list shows the state; the audit log the reason.
        assertThat(alice.api()
                        .get("/api/conversations/" + conversation + "/messages")
                        .expect(200)
                        .body())
                .contains("rude words");
        JsonNode listed = chief.get("/api/admin/users?q=" + bob.username())
                .expect(200)
                .json()
                .get(0);
        assertThat(listed.path("deactivated").asBoolean()).isTrue();
        assertThat(auditEntry(chief, "user.deactivate", bob.id()).path("reason").asString())
                .isEqualTo("left the company");
        assertThat(queued(chief, "resolved", report).path("resolution").asString())
                .isEqualTo("deactivate_author");

        // Back again: a new sign-in works; the old token stays revoked.
        chief.post("/api/admin/users/" + bob.id() + "/reactivate", Map.of()).expect(204);
        Api again = new Api(port);
        again.post("/api/auth/login", Map.of("username", bob.username(), "password", "correct horse"))
                .expect(200);
        again.get("/api/me").expect(200);
        bobToken.get("/api/me").expectProblem(401, "unauthenticated");
        assertThat(auditEntry(chief, "user.reactivate", bob.id())).isNotNull();
    }

    @Test
    void othersSeeADeactivatedAccountMarkedWhereverTheySeeIt() {
        Api chief = chief();
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        Person carol = Person.signUp(port, "carol");
        long direct = alice.befriend(bob);
        long group = alice.createGroup("team", bob, carol);
        bob.send(direct, "direct words");
        bob.send(group, "group words");
        alice.send(group, "alice's words");
        String cursor = carol.cursorNow();

        chief.post("/api/admin/users/" + bob.id() + "/deactivate", Map.of()).expect(204);

        assertThat(deactivatedMarks(alice, direct, group, bob.id())).containsOnly(true);
        // Nobody else is marked: the field is left out for active accounts.
        assertThat(alice.api().get("/api/conversations/" + group).expect(200).body())
                .containsOnlyOnce("\"deactivated\":true");
        assertThat(alice.api()
                        .get("/api/conversations/" + group + "/messages")
                        .expect(200)
                        .body())
                .containsOnlyOnce("\"deactivated\":true");
        // Contacts hear of it on their stream, so an open list marks it without a reload.
        try (StreamClient stream =
                StreamClient.open(StreamClient.Transport.SSE, "http://localhost:" + port, carol.token(), cursor)) {
            JsonNode updated = stream.collect("user.updated", 1, java.time.Duration.ofSeconds(10))
                    .get(0)
                    .path("data");
            assertThat(updated.path("userId").asLong()).isEqualTo(bob.id());
            assertThat(updated.path("deactivated").asBoolean()).isTrue();
        }

        chief.post("/api/admin/users/" + bob.id() + "/reactivate", Map.of()).expect(204);
        assertThat(deactivatedMarks(alice, direct, group, bob.id())).containsOnly(false);
    }

    /**
     * Whether {@code userId} shows as deactivated to {@code viewer}: in the friend list, as the
     * direct conversation's other person, among the group's members, as a sender in its history.
     */
    private static List<Boolean> deactivatedMarks(Person viewer, long direct, long group, long userId) {
        List<Boolean> marks = new java.util.ArrayList<>();
        for (JsonNode friend : viewer.api().get("/api/friends").expect(200).json()) {
            if (friend.path("user").path("id").asLong() == userId) {
                marks.add(friend.path("user").path("deactivated").asBoolean());
            }
        }
        marks.add(viewer.listed(direct).path("otherUser").path("deactivated").asBoolean());
        for (JsonNode member : viewer.conversation(group).expect(200).json().path("members")) {
            if (member.path("id").asLong() == userId) {
                marks.add(member.path("deactivated").asBoolean());
            }
        }
        for (JsonNode message : viewer.api()
                .get("/api/conversations/" + group + "/messages")
                .expect(200)
                .json()
                .path("messages")) {
            if (message.path("sender").path("id").asLong() == userId) {
                marks.add(message.path("sender").path("deactivated").asBoolean());
            }
        }
        assertThat(marks).hasSize(4);
        return marks;
    }

    @Test
    void nothingNewStartsWithADeactivatedAccount() {
        Api chief = chief();
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        Person carol = Person.signUp(port, "carol");
        long group = alice.createGroup("team", carol);
        // Bob asked Carol before he was deactivated.
        long pending = bob.requestFriend(carol).expect(201).json().path("id").asLong();

        chief.post("/api/admin/users/" + bob.id() + "/deactivate", Map.of()).expect(204);

        alice.requestFriend(bob).expectProblem(409, "user_deactivated");
        alice.addTo(group, bob).expectProblem(409, "user_deactivated");
        alice.api()
                .post("/api/groups", Map.of("name", "another", "members", List.of(bob.username())))
                .expectProblem(409, "user_deactivated");
        carol.api().post("/api/friends/requests/" + pending + "/accept").expectProblem(409, "user_deactivated");
        // What was refused left nothing behind: the pending request can still be declined.
        assertThat(alice.api().get("/api/friends").expect(200).json()).isEmpty();
        assertThat(alice.conversation(group).expect(200).json().path("members")).hasSize(2);
        carol.api().post("/api/friends/requests/" + pending + "/decline").expect(204);

        chief.post("/api/admin/users/" + bob.id() + "/reactivate", Map.of()).expect(204);
        // Deactivation ended Bob's sessions, so only others act here.
        alice.requestFriend(bob).expect(201);
        alice.addTo(group, bob).expect(201);
    }

    @Test
    void deactivationIsForAdministratorsAndNotForThemselves() {
        Api chief = chief();
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        long chiefId = chief.get("/api/me").expect(200).json().path("id").asLong();

        alice.api()
                .post("/api/admin/users/" + bob.id() + "/deactivate", Map.of())
                .expectProblem(403, "forbidden");
        chief.post("/api/admin/users/" + chiefId + "/deactivate", Map.of())
                .expectProblem(409, "cannot_deactivate_self");
        chief.post("/api/admin/users/987654321/deactivate", Map.of()).expectProblem(404, "not_found");
        bob.api().get("/api/me").expect(200);
    }

    @Test
    void erasingAUserTombstonesWhatTheySentAndDeletesTheirFiles() throws Exception {
        Api chief = chief();
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        long conversation = alice.befriend(bob);
        long first = bob.send(conversation, "bob's first words").path("id").asLong();
        alice.api()
                .post(
                        "/api/conversations/" + conversation + "/messages",
                        Map.of("body", "alice answers", "replyTo", first))
                .expect(201);
        bob.send(conversation, "bob's second words");
        byte[] file = "bob's private notes".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        long fileId = new org.tidings.testing.RawTus(bob, "http://localhost:" + port)
                .attach(conversation, "notes.txt", file)
                .path("fileId")
                .asLong();
        alice.api().download("/api/files/" + fileId);
        assertThat(bob.putAvatar(Images.picture(64, 64, "png"), "image/png").statusCode())
                .isEqualTo(200);
        Api aliceToken = new Api(port).bearer(alice.token());
        aliceToken.download("/api/users/" + bob.id() + "/avatar?size=64");
        assertThat(avatarFiles(bob.id())).isNotEmpty();

        long job = chief.post("/api/admin/users/" + bob.id() + "/erase", Map.of("reason", "asked to be forgotten"))
                .expect(202)
                .json()
                .path("jobId")
                .asLong();
        JsonNode finished = chief.awaitJob(job);
        assertThat(finished.path("state").asString()).isEqualTo("succeeded");
        assertThat(finished.path("result").path("messagesErased").asLong()).isEqualTo(3);

        String history = alice.api()
                .get("/api/conversations/" + conversation + "/messages")
                .expect(200)
                .body();
        assertThat(history).contains("alice answers").doesNotContain("bob's", "notes.txt");
        assertThat(alice.api().download("/api/files/" + fileId).statusCode()).isEqualTo(404);
        // The avatar goes with them: no version, no files on disk.
        aliceToken.get("/api/users/" + bob.id() + "/avatar?size=64").expectProblem(404, "not_found");
        assertThat(avatarFiles(bob.id())).isEmpty();
        new Api(port)
                .post("/api/auth/login", Map.of("username", bob.username(), "password", "correct horse"))
                .expectProblem(403, "account_deactivated");
        assertThat(auditEntry(chief, "user.erase", bob.id()).path("reason").asString())
                .isEqualTo("asked to be forgotten");
        alice.api().post("/api/admin/users/" + bob.id() + "/erase", Map.of()).expectProblem(403, "forbidden");
    }

    private List<java.nio.file.Path> avatarFiles(long userId) throws java.io.IOException {
        java.nio.file.Path folder = uploads.resolve("avatars").resolve(Long.toString(userId));
        if (!java.nio.file.Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = java.nio.file.Files.list(folder)) {
            return files.toList();
        }
    }

    @Test
    void deactivationClosesTheAccountsLiveStreamsAtOnce() throws Exception {
        Api chief = chief();
        Person bob = Person.signUp(port, "bob");
        String base = "http://localhost:" + port;
        try (StreamClient ws = StreamClient.open(StreamClient.Transport.WEBSOCKET, base, bob.token(), null);
                StreamClient sse = StreamClient.open(StreamClient.Transport.SSE, base, bob.token(), null)) {
            chief.post("/api/admin/users/" + bob.id() + "/deactivate", Map.of()).expect(204);

            // Each stream gets the event, then the reason, then ends.
            for (StreamClient stream : List.of(ws, sse)) {
                assertThat(stream.collect("account.deactivated", 1, java.time.Duration.ofSeconds(10)))
                        .hasSize(1);
                List<JsonNode> error = stream.collect("stream.error", 1, java.time.Duration.ofSeconds(10));
                assertThat(error).hasSize(1);
                assertThat(error.get(0).path("data").path("code").asString()).isEqualTo("account_deactivated");
            }
            assertThat(ws.closeReason.get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .startsWith("4403");
            assertThat(sse.closeReason.get(10, java.util.concurrent.TimeUnit.SECONDS))
                    .isNotNull();
        }
    }
}
