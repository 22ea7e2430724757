package org.tidings.social;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Api;
import org.tidings.testing.Person;
import tools.jackson.databind.JsonNode;

/** Invite links to groups, through the real server; run per database. */
abstract class InvitesContract {

    @LocalServerPort
    int port;

    Person signUp(String prefix) {
        return Person.signUp(port, prefix);
    }

    static String invites(long group) {
        return "/api/groups/" + group + "/invites";
    }

    static JsonNode create(Person who, long group, Map<String, Object> options) {
        return who.api().post(invites(group), options).expect(201).json();
    }

    @Test
    void anInviteLetsSomeoneIntoAPrivateGroup() {
        Person owner = signUp("owner");
        long group = owner.createGroup("Family");
        owner.send(group, "old news");
        JsonNode invite = create(owner, group, Map.of("maxUses", 5, "expiresInSeconds", 3600));
        String token = invite.path("token").asString();
        // 256 random bits, base64url: far past the 128 a guesser would have to beat.
        assertThat(Base64.getUrlDecoder().decode(token)).hasSize(32);
        assertThat(invite.path("url").asString()).isEqualTo("http://localhost:" + port + "/#/invite/" + token);
        assertThat(invite.path("maxUses").asInt()).isEqualTo(5);
        assertThat(invite.path("uses").asInt()).isZero();
        Instant expiresAt = Instant.parse(invite.path("expiresAt").asString());
        assertThat(Duration.between(Instant.now(), expiresAt))
                .isBetween(Duration.ofMinutes(59), Duration.ofMinutes(61));

        Person guest = signUp("guest");
        String cursor = guest.cursorNow();
        JsonNode preview = guest.api().get("/api/invites/" + token).expect(200).json();
        assertThat(preview.path("groupId").asLong()).isEqualTo(group);
        assertThat(preview.path("name").asString()).isEqualTo("Family");
        assertThat(preview.path("memberCount").asInt()).isEqualTo(1);
        assertThat(preview.path("joined").asBoolean()).isFalse();
        // A preview is for signed-in users only.
        new Api(port).get("/api/invites/" + token).expectProblem(401, "unauthenticated");

        JsonNode joined = guest.api()
                .post("/api/invites/" + token + "/accept")
                .expect(200)
                .json();
        assertThat(joined.path("id").asLong()).isEqualTo(group);
        assertThat(joined.path("role").asString()).isEqualTo("member");
        assertThat(guest.api()
                        .get("/api/conversations/" + group + "/messages")
                        .expect(200)
                        .body())
                .contains("old news");
        JsonNode events = guest.api()
                .get("/api/events?after=" + cursor)
                .expect(200)
                .json()
                .path("events");
        assertThat(events.get(0).path("type").asString()).isEqualTo("member.added");

        // Accepting again keeps the place and does not use the link up.
        guest.api().post("/api/invites/" + token + "/accept").expect(200);
        JsonNode listed = owner.api().get(invites(group)).expect(200).json();
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).path("uses").asInt()).isEqualTo(1);
        assertThat(listed.get(0).path("state").asString()).isEqualTo("active");
        assertThat(listed.get(0).path("createdBy").path("id").asLong()).isEqualTo(owner.id());
        assertThat(listed.get(0).has("token")).isFalse();
        assertThat(listed.toString()).doesNotContain(token);
    }

    @Test
    void onlyOwnerAndAdminsMakeListAndRevokeInvites() {
        Person owner = signUp("owner");
        Person admin = signUp("admin");
        Person member = signUp("member");
        long group = owner.createGroup("Club", admin, member);
        owner.setRole(group, admin, "admin").expect(200);
        Person outsider = signUp("outsider");

        member.api().post(invites(group), Map.of()).expectProblem(403, "forbidden");
        member.api().get(invites(group)).expectProblem(403, "forbidden");
        outsider.api().post(invites(group), Map.of()).expectProblem(404, "not_found");
        outsider.api().get(invites(group)).expectProblem(404, "not_found");

        long id = create(admin, group, Map.of()).path("id").asLong();
        // Someone else's group: the invite's id names nothing there.
        long otherGroup = outsider.createGroup("Elsewhere");
        outsider.api().delete(invites(otherGroup) + "/" + id).expectProblem(404, "not_found");
        member.api().delete(invites(group) + "/" + id).expectProblem(403, "forbidden");
        assertThat(owner.api().get(invites(group)).expect(200).json()).hasSize(1);

        owner.api().post(invites(group), Map.of("maxUses", 0)).expectProblem(400, "validation_failed");
        owner.api().post(invites(group), Map.of("expiresInSeconds", 0)).expectProblem(400, "validation_failed");
        owner.api()
                .post(invites(group), Map.of("expiresInSeconds", 366L * 24 * 3600))
                .expectProblem(400, "validation_failed");
        // No body: a week, no use limit.
        JsonNode plain = owner.api().post(invites(group)).expect(201).json();
        assertThat(plain.path("maxUses").isNull()).isTrue();
        assertThat(Duration.between(
                        Instant.now(), Instant.parse(plain.path("expiresAt").asString())))
                .isBetween(Duration.ofDays(7).minusMinutes(1), Duration.ofDays(7));
    }

    @Test
    void revokedExpiredAndUsedUpLinksAreGoneAndUnknownOnesNotFound() throws InterruptedException {
        Person owner = signUp("owner");
        long group = owner.createGroup("Club");
        Person guest = signUp("guest");

        JsonNode revoked = create(owner, group, Map.of());
        owner.api().delete(invites(group) + "/" + revoked.path("id").asLong()).expect(204);
        owner.api().delete(invites(group) + "/" + revoked.path("id").asLong()).expectProblem(404, "not_found");
        guest.api().get("/api/invites/" + revoked.path("token").asString()).expectProblem(410, "invite_expired");
        guest.api()
                .post("/api/invites/" + revoked.path("token").asString() + "/accept")
                .expectProblem(410, "invite_expired");

        String once = create(owner, group, Map.of("maxUses", 1)).path("token").asString();
        signUp("first").api().post("/api/invites/" + once + "/accept").expect(200);
        guest.api().post("/api/invites/" + once + "/accept").expectProblem(410, "invite_expired");

        String brief = create(owner, group, Map.of("expiresInSeconds", 1))
                .path("token")
                .asString();
        Thread.sleep(1_100);
        guest.api().get("/api/invites/" + brief).expectProblem(410, "invite_expired");
        guest.api().post("/api/invites/" + brief + "/accept").expectProblem(410, "invite_expired");
        List<String> states = new ArrayList<>();
        owner.api()
                .get(invites(group))
                .json()
                .forEach(i -> states.add(i.path("state").asString()));
        assertThat(states).containsExactly("expired", "used_up");

        // Guessed tokens: well-formed or not, they name nothing.
        String guessed = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        guest.api().get("/api/invites/" + guessed).expectProblem(404, "not_found");
        guest.api().post("/api/invites/" + guessed + "/accept").expectProblem(404, "not_found");
        guest.api().get("/api/invites/short").expectProblem(404, "not_found");
        guest.api().post("/api/invites/" + once.substring(1) + "x/accept").expectProblem(404, "not_found");

        // A deleted group's links are gone too.
        String orphan = create(owner, group, Map.of()).path("token").asString();
        owner.api().delete("/api/groups/" + group).expect(204);
        guest.api().post("/api/invites/" + orphan + "/accept").expectProblem(410, "invite_expired");
        assertThat(guest.listed(group)).isNull();
    }

    @Test
    void aBannedUserCannotComeBackThroughAnInvite() {
        Person owner = signUp("owner");
        Person banned = signUp("banned");
        long group = owner.createGroup("Club", banned);
        owner.api().put("/api/groups/" + group + "/bans/" + banned.id(), null).expect(200);
        String token = create(owner, group, Map.of("maxUses", 1)).path("token").asString();

        banned.api().post("/api/invites/" + token + "/accept").expectProblem(403, "banned");
        assertThat(banned.listed(group)).isNull();
        // The refusal used nothing: the one use is still there for someone else.
        signUp("welcome").api().post("/api/invites/" + token + "/accept").expect(200);
    }

    @Test
    void twoPeopleRacingForTheLastUseOnlyOneGetsIn() throws Exception {
        Person owner = signUp("owner");
        long group = owner.createGroup("Tiny");
        for (int round = 0; round < 5; round++) {
            String token =
                    create(owner, group, Map.of("maxUses", 1)).path("token").asString();
            List<Person> racers = List.of(signUp("racer"), signUp("racer"));
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Integer>> results = new ArrayList<>();
            for (Person racer : racers) {
                results.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return racer.api().post("/api/invites/" + token + "/accept").status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<Integer> result : results) {
                statuses.add(result.get(30, TimeUnit.SECONDS));
            }
            assertThat(statuses).containsExactlyInAnyOrder(200, 410);
            long inside = racers.stream().filter(r -> r.listed(group) != null).count();
            assertThat(inside).isEqualTo(1);
        }
        assertThat(owner.conversation(group).json().path("memberCount").asInt()).isEqualTo(6);
    }
}
