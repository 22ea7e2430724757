package org.tidings.social;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Names;
import org.tidings.testing.Person;
import tools.jackson.databind.JsonNode;

/** Groups, their members and roles, through the real server; run per database. */
@TestPropertySource(properties = "tidings.social.max-group-members=4")
abstract class SocialGroupsContract {

    @LocalServerPort
    int port;

    Person signUp(String prefix) {
        return Person.signUp(port, prefix);
    }

    static Map<Long, String> roles(JsonNode details) {
        Map<Long, String> roles = new HashMap<>();
        details.path("members")
                .forEach(m -> roles.put(m.path("id").asLong(), m.path("role").asString()));
        return roles;
    }

    static String path(long group, String rest) {
        return "/api/groups/" + group + rest;
    }

    private static Map<String, Object> group(String name, Object description, Person... members) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("description", description);
        body.put("members", Arrays.stream(members).map(Person::username).toList());
        return body;
    }

    @Test
    void createsAGroupWithItsCreatorAsOwner() {
        Person owner = signUp("owner");
        Person bob = signUp("bob");
        Person carol = signUp("carol");
        Map<String, Object> body = group("  Book club  ", "Monthly reads", bob, carol);
        // Duplicates and the creator themself in the list are ignored; nobody needs to be a friend.
        body.put("members", List.of(bob.username(), carol.username(), bob.username(), owner.username()));

        JsonNode created = owner.api().post("/api/groups", body).expect(201).json();
        long id = created.path("id").asLong();
        assertThat(created.path("kind").asString()).isEqualTo("group");
        assertThat(created.path("title").asString()).isEqualTo("Book club");
        assertThat(created.path("description").asString()).isEqualTo("Monthly reads");
        assertThat(created.path("role").asString()).isEqualTo("owner");
        assertThat(created.path("memberCount").asInt()).isEqualTo(3);
        assertThat(roles(created)).isEqualTo(Map.of(owner.id(), "owner", bob.id(), "member", carol.id(), "member"));
        assertThat(created.path("members").get(0).path("username").asString()).isEqualTo(owner.username());

        JsonNode bobsView = bob.listed(id);
        assertThat(bobsView.path("title").asString()).isEqualTo("Book club");
        assertThat(bobsView.path("role").asString()).isEqualTo("member");
        assertThat(bobsView.path("unreadCount").asLong()).isZero();
        assertThat(bobsView.has("otherUser")).isFalse();
        assertThat(carol.conversation(id).expect(200).json().path("members").size())
                .isEqualTo(3);
    }

    @Test
    void checksNameDescriptionAndMembers() {
        Person dan = signUp("dan");
        dan.api().post("/api/groups", group("   ", null)).expectProblem(400, "validation_failed");
        dan.api().post("/api/groups", Map.of()).expectProblem(400, "validation_failed");
        dan.api().post("/api/groups", group("x".repeat(81), null)).expectProblem(400, "validation_failed");
        dan.api().post("/api/groups", group("bell\u0007", null)).expectProblem(400, "validation_failed");
        dan.api().post("/api/groups", group("ok", "d".repeat(501))).expectProblem(400, "validation_failed");
        JsonNode unknown = dan.api()
                .post("/api/groups", Map.of("name", "ok", "members", List.of(Names.unique("nobody"))))
                .expectProblem(404, "user_not_found");
        assertThat(unknown.path("username").asString()).startsWith("nobody");
        dan.api()
                .post("/api/groups", "{\"name\": \"ok\", \"members\": [null]}")
                .expectProblem(400, "validation_failed");
        assertThat(dan.conversations().size()).isZero();

        // Characters, not UTF-16 units, are counted: 80 emoji are a valid name.
        String emoji = "\uD83D\uDE00".repeat(80);
        JsonNode created = dan.api()
                .post("/api/groups", group(emoji, "d".repeat(500)))
                .expect(201)
                .json();
        assertThat(created.path("title").asString()).isEqualTo(emoji);
        assertThat(created.path("memberCount").asInt()).isEqualTo(1);
    }

    @Test
    void aGroupHoldsAtMostTheConfiguredNumberOfMembers() {
        Person owner = signUp("owner");
        Person[] four = {signUp("m1"), signUp("m2"), signUp("m3"), signUp("m4")};
        JsonNode full =
                owner.api().post("/api/groups", group("Too many", null, four)).expectProblem(409, "group_full");
        assertThat(full.path("maxMembers").asInt()).isEqualTo(4);

        long id = owner.createGroup("Just enough", four[0], four[1], four[2]);
        owner.addTo(id, four[3]).expectProblem(409, "group_full");
        owner.api().delete(path(id, "/members/" + four[0].id())).expect(204);
        owner.addTo(id, four[3]).expect(201);
    }

    @Test
    void ownerAndAdminsAddAndRemoveMembersButMembersCannot() {
        Person owner = signUp("owner");
        Person admin = signUp("admin");
        Person member = signUp("member");
        Person newcomer = signUp("newcomer");
        long id = owner.createGroup("Club", admin, member);
        owner.setRole(id, admin, "admin").expect(200);

        member.addTo(id, newcomer).expectProblem(403, "forbidden");
        member.api().delete(path(id, "/members/" + admin.id())).expectProblem(403, "forbidden");

        JsonNode added = admin.addTo(id, newcomer).expect(201).json();
        assertThat(added.path("id").asLong()).isEqualTo(newcomer.id());
        assertThat(added.path("role").asString()).isEqualTo("member");
        assertThat(newcomer.listed(id).path("memberCount").asInt()).isEqualTo(4);
        owner.addTo(id, newcomer).expectProblem(409, "already_member");
        owner.api()
                .post(path(id, "/members"), Map.of("username", Names.unique("nobody")))
                .expectProblem(404, "user_not_found");

        admin.api().delete(path(id, "/members/" + newcomer.id())).expect(204);
        newcomer.conversation(id).expectProblem(404, "not_found");
        assertThat(newcomer.listed(id)).isNull();
        owner.api().delete(path(id, "/members/" + newcomer.id())).expectProblem(404, "not_found");
        assertThat(owner.conversation(id).json().path("memberCount").asInt()).isEqualTo(3);
    }

    @Test
    void adminsCannotRemoveTheOwnerOrAnotherAdmin() {
        Person owner = signUp("owner");
        Person first = signUp("admin1");
        Person second = signUp("admin2");
        long id = owner.createGroup("Club", first, second);
        for (Person admin : List.of(first, second)) {
            owner.setRole(id, admin, "admin").expect(200);
        }
        first.api().delete(path(id, "/members/" + second.id())).expectProblem(403, "forbidden");
        first.api().delete(path(id, "/members/" + owner.id())).expectProblem(403, "forbidden");
        owner.api().delete(path(id, "/members/" + second.id())).expect(204);
        assertThat(roles(owner.conversation(id).json())).isEqualTo(Map.of(owner.id(), "owner", first.id(), "admin"));
    }

    @Test
    void outsidersGetNotFoundForEverything() {
        Person owner = signUp("owner");
        Person member = signUp("member");
        Person outsider = signUp("outsider");
        long id = owner.createGroup("Private", member);
        long direct = owner.befriend(signUp("friend"));

        for (long group : List.of(id, direct, 999_999_999L)) {
            var api = outsider.api();
            outsider.conversation(group).expectProblem(404, "not_found");
            api.patch(path(group, ""), Map.of("name", "Mine now")).expectProblem(404, "not_found");
            outsider.addTo(group, outsider).expectProblem(404, "not_found");
            // Not even whether a user exists leaks before membership is checked.
            api.post(path(group, "/members"), Map.of("username", Names.unique("nobody")))
                    .expectProblem(404, "not_found");
            api.delete(path(group, "/members/" + member.id())).expectProblem(404, "not_found");
            api.post(path(group, "/leave")).expectProblem(404, "not_found");
            api.put(path(group, "/members/" + member.id() + "/role"), Map.of("role", "admin"))
                    .expectProblem(404, "not_found");
            api.post(path(group, "/owner"), Map.of("userId", outsider.id())).expectProblem(404, "not_found");
            api.delete(path(group, "")).expectProblem(404, "not_found");
        }
        // A direct conversation is not a group, even for its members.
        owner.api().patch(path(direct, ""), Map.of("name", "Renamed")).expectProblem(404, "not_found");
        owner.addTo(direct, member).expectProblem(404, "not_found");
        assertThat(owner.conversation(id).json().path("title").asString()).isEqualTo("Private");
        assertThat(owner.conversation(id).json().path("memberCount").asInt()).isEqualTo(2);
    }

    @Test
    void membersLeaveButTheOwnerMustHandOverFirst() {
        Person owner = signUp("owner");
        Person heir = signUp("heir");
        Person leaver = signUp("leaver");
        long id = owner.createGroup("Club", heir, leaver);

        leaver.api().post(path(id, "/leave")).expect(204);
        leaver.conversation(id).expectProblem(404, "not_found");
        leaver.api().post(path(id, "/leave")).expectProblem(404, "not_found");
        owner.api().post(path(id, "/leave")).expectProblem(409, "owner_must_hand_over");

        heir.api().post(path(id, "/owner"), Map.of("userId", heir.id())).expectProblem(403, "forbidden");
        owner.api().post(path(id, "/owner"), Map.of("userId", leaver.id())).expectProblem(404, "not_found");
        owner.api().post(path(id, "/owner"), Map.of()).expectProblem(400, "validation_failed");
        JsonNode handedOver = owner.api()
                .post(path(id, "/owner"), Map.of("userId", heir.id()))
                .expect(200)
                .json();
        assertThat(roles(handedOver)).isEqualTo(Map.of(heir.id(), "owner", owner.id(), "admin"));
        assertThat(handedOver.path("role").asString()).isEqualTo("admin");

        // Removing yourself is leaving, which the former owner may now do.
        owner.api().delete(path(id, "/members/" + owner.id())).expect(204);
        assertThat(roles(heir.conversation(id).json())).isEqualTo(Map.of(heir.id(), "owner"));
    }

    @Test
    void onlyTheOwnerSetsRoles() {
        Person owner = signUp("owner");
        Person bob = signUp("bob");
        Person carol = signUp("carol");
        long id = owner.createGroup("Club", bob, carol);

        assertThat(owner.setRole(id, bob, "admin")
                        .expect(200)
                        .json()
                        .path("role")
                        .asString())
                .isEqualTo("admin");
        bob.setRole(id, carol, "admin").expectProblem(403, "forbidden");
        carol.setRole(id, bob, "member").expectProblem(403, "forbidden");
        owner.setRole(id, bob, "owner").expectProblem(400, "validation_failed");
        owner.setRole(id, bob, "king").expectProblem(400, "validation_failed");
        owner.setRole(id, owner, "member").expectProblem(409, "owner_must_hand_over");
        owner.setRole(id, signUp("outsider"), "admin").expectProblem(404, "not_found");

        owner.setRole(id, bob, "member").expect(200);
        assertThat(roles(carol.conversation(id).json()).get(bob.id())).isEqualTo("member");
    }

    @Test
    void ownerAndAdminsRenameAndDescribe() {
        Person owner = signUp("owner");
        Person admin = signUp("admin");
        Person member = signUp("member");
        long id = owner.createGroup("Old name", admin, member);
        owner.setRole(id, admin, "admin").expect(200);

        JsonNode renamed = owner.api()
                .patch(path(id, ""), Map.of("name", " New name "))
                .expect(200)
                .json();
        assertThat(renamed.path("title").asString()).isEqualTo("New name");
        JsonNode described = admin.api()
                .patch(path(id, ""), Map.of("description", "About things"))
                .expect(200)
                .json();
        assertThat(described.path("description").asString()).isEqualTo("About things");
        assertThat(described.path("title").asString()).isEqualTo("New name");

        member.api().patch(path(id, ""), Map.of("name", "Mine")).expectProblem(403, "forbidden");
        owner.api().patch(path(id, ""), Map.of()).expectProblem(400, "validation_failed");
        owner.api().patch(path(id, ""), "null").expectProblem(400, "malformed_json");
        owner.api().patch(path(id, ""), Map.of("name", "")).expectProblem(400, "validation_failed");
        owner.api().patch(path(id, ""), Map.of("description", "d".repeat(501))).expectProblem(400, "validation_failed");

        JsonNode cleared = owner.api()
                .patch(path(id, ""), Map.of("description", ""))
                .expect(200)
                .json();
        assertThat(cleared.path("description").isMissingNode()).isTrue();
        assertThat(member.listed(id).path("title").asString()).isEqualTo("New name");
    }

    @Test
    void onlyTheOwnerDeletesAndThenTheGroupIsGoneForEveryone() {
        Person owner = signUp("owner");
        Person admin = signUp("admin");
        Person member = signUp("member");
        long id = owner.createGroup("Doomed", admin, member);
        owner.setRole(id, admin, "admin").expect(200);

        admin.api().delete(path(id, "")).expectProblem(403, "forbidden");
        member.api().delete(path(id, "")).expectProblem(403, "forbidden");
        owner.api().delete(path(id, "")).expect(204);

        for (Person person : List.of(owner, admin, member)) {
            person.conversation(id).expectProblem(404, "not_found");
            assertThat(person.listed(id)).isNull();
        }
        owner.api().delete(path(id, "")).expectProblem(404, "not_found");
        owner.addTo(id, signUp("late")).expectProblem(404, "not_found");
    }

    @Test
    void aBlockKeepsPeopleFromAddingEachOther() {
        Person owner = signUp("owner");
        Person blocker = signUp("blocker");
        Person stranger = signUp("stranger");
        blocker.block(owner).expect(201);

        owner.api().post("/api/groups", group("With blocker", null, blocker)).expectProblem(403, "blocked");
        long id = owner.createGroup("Without", stranger);
        owner.addTo(id, blocker).expectProblem(403, "blocked");
        assertThat(blocker.listed(id)).isNull();

        // The blocker cannot add the person they blocked either.
        long theirs = blocker.createGroup("Blocker's");
        blocker.addTo(theirs, owner).expectProblem(403, "blocked");
        // A third person may put both in one group: a block is between the two people only.
        blocker.addTo(theirs, stranger).expect(201);
        blocker.setRole(theirs, stranger, "admin").expect(200);
        stranger.addTo(theirs, owner).expect(201);
        assertThat(Person.ids(owner.conversation(theirs).json().path("members"), "/id"))
                .containsExactlyInAnyOrder(blocker.id(), stranger.id(), owner.id());
    }
}
