package org.tidings.social;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Names;
import org.tidings.testing.Person;
import org.tidings.testing.StreamClient;
import tools.jackson.databind.JsonNode;

/** Public rooms, their directory, joining and bans, through the real server; run per database. */
@TestPropertySource(properties = "tidings.social.max-group-members=4")
abstract class RoomsContract {

    @LocalServerPort
    int port;

    Person signUp(String prefix) {
        return Person.signUp(port, prefix);
    }

    /** A group made public by its owner; returns its id. */
    long publicRoom(Person owner, String name, String description, Person... members) {
        long id = owner.createGroup(name, members);
        Map<String, Object> change = new java.util.HashMap<>();
        change.put("visibility", "public");
        if (description != null) {
            change.put("description", description);
        }
        JsonNode updated =
                owner.api().patch("/api/groups/" + id, change).expect(200).json();
        assertThat(updated.path("visibility").asString()).isEqualTo("public");
        return id;
    }

    static List<Long> roomIds(JsonNode page) {
        return Person.ids(page.path("rooms"), "/id");
    }

    @Test
    void groupsArePrivateUntilAnOwnerOrAdminMakesThemPublic() {
        Person owner = signUp("owner");
        Person admin = signUp("admin");
        Person member = signUp("member");
        long id = owner.createGroup("Quiet corner", admin, member);
        owner.setRole(id, admin, "admin").expect(200);
        assertThat(owner.conversation(id).json().path("visibility").asString()).isEqualTo("private");

        member.api().patch("/api/groups/" + id, Map.of("visibility", "public")).expectProblem(403, "forbidden");
        signUp("outsider")
                .api()
                .patch("/api/groups/" + id, Map.of("visibility", "public"))
                .expectProblem(404, "not_found");
        owner.api().patch("/api/groups/" + id, Map.of("visibility", "open")).expectProblem(400, "validation_failed");
        assertThat(member.listed(id).path("visibility").asString()).isEqualTo("private");

        String cursor = member.cursorNow();
        admin.api().patch("/api/groups/" + id, Map.of("visibility", "public")).expect(200);
        assertThat(member.listed(id).path("visibility").asString()).isEqualTo("public");
        JsonNode events = member.api()
                .get("/api/events?after=" + cursor)
                .expect(200)
                .json()
                .path("events");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("type").asString()).isEqualTo("conversation.updated");
        assertThat(events.get(0).path("data").path("visibility").asString()).isEqualTo("public");

        owner.api().patch("/api/groups/" + id, Map.of("visibility", "private")).expect(200);
        assertThat(roomIds(signUp("seeker").api().get("/api/rooms").expect(200).json()))
                .doesNotContain(id);
    }

    @Test
    void theDirectoryListsPublicRoomsSearchableAndPaginated() {
        Person owner = signUp("owner");
        String tag = Names.unique("hiking");
        long first = publicRoom(owner, "Weekend " + tag, "Trails and peaks");
        long second = publicRoom(owner, "Climbers", "We love " + tag.toUpperCase() + " too, 100%_ sure");
        long third = publicRoom(owner, "周末爬山 " + tag, null);
        long hidden = owner.createGroup("Private " + tag);
        Person seeker = signUp("seeker");

        JsonNode found = seeker.api().get("/api/rooms?q=" + tag).expect(200).json();
        // Latest activity first: the last made public was created last.
        assertThat(roomIds(found)).containsExactly(third, second, first);
        JsonNode room = found.path("rooms").get(2);
        assertThat(room.path("name").asString()).isEqualTo("Weekend " + tag);
        assertThat(room.path("description").asString()).isEqualTo("Trails and peaks");
        assertThat(room.path("memberCount").asInt()).isEqualTo(1);
        assertThat(room.path("joined").asBoolean()).isFalse();
        assertThat(room.path("lastActivityAt").asString()).isNotEmpty();
        assertThat(found.has("nextCursor")).isFalse();

        // Pages of two, then the rest; the cursor is opaque and a broken one is refused.
        JsonNode page =
                seeker.api().get("/api/rooms?limit=2&q=" + tag).expect(200).json();
        assertThat(roomIds(page)).containsExactly(third, second);
        String next = page.path("nextCursor").asString();
        JsonNode rest = seeker.api()
                .get("/api/rooms?limit=2&q=" + tag + "&cursor=" + next)
                .expect(200)
                .json();
        assertThat(roomIds(rest)).containsExactly(first);
        seeker.api().get("/api/rooms?cursor=not-a-cursor").expectProblem(400, "invalid_cursor");

        // LIKE wildcards in the query are plain text; Chinese matches as written.
        assertThat(roomIds(seeker.api().get("/api/rooms?q=100%25_").expect(200).json()))
                .containsExactly(second);
        assertThat(roomIds(seeker.api().get("/api/rooms?q=%25").expect(200).json()))
                .contains(second)
                .doesNotContain(first, third);
        assertThat(roomIds(seeker.api()
                        .get("/api/rooms?q="
                                + java.net.URLEncoder.encode("周末", java.nio.charset.StandardCharsets.UTF_8))
                        .expect(200)
                        .json()))
                .contains(third)
                .doesNotContain(first, second, hidden);

        seeker.api().get("/api/rooms/" + first).expect(200);
        seeker.api().get("/api/rooms/" + hidden).expectProblem(404, "not_found");
    }

    @Test
    void aJoinerReadsTheWholeHistoryAndGetsEventsOnlyFromTheJoinOn() {
        Person owner = signUp("owner");
        long room = publicRoom(owner, "Open chat", null);
        owner.send(room, "before anyone came");
        Person joiner = signUp("joiner");
        String cursor = joiner.cursorNow();
        owner.send(room, "still alone");

        JsonNode joined =
                joiner.api().post("/api/rooms/" + room + "/join").expect(200).json();
        assertThat(joined.path("role").asString()).isEqualTo("member");
        assertThat(joined.path("memberCount").asInt()).isEqualTo(2);
        // Joining again changes nothing.
        joiner.api().post("/api/rooms/" + room + "/join").expect(200);
        assertThat(owner.conversation(room).json().path("memberCount").asInt()).isEqualTo(2);

        owner.send(room, "welcome");
        JsonNode history = joiner.api()
                .get("/api/conversations/" + room + "/messages")
                .expect(200)
                .json();
        assertThat(history.toString()).contains("before anyone came", "still alone", "welcome");

        JsonNode events = joiner.api()
                .get("/api/events?after=" + cursor)
                .expect(200)
                .json()
                .path("events");
        List<String> types = new java.util.ArrayList<>();
        events.forEach(e -> types.add(e.path("type").asString()));
        assertThat(types).containsExactly("member.added", "message.created");
        assertThat(events.get(0).path("data").path("member").path("id").asLong())
                .isEqualTo(joiner.id());
        assertThat(events.toString()).contains("welcome").doesNotContain("still alone");

        // Leaving is as for any group; the directory shows who joined.
        assertThat(joiner.api().get("/api/rooms/" + room).json().path("joined").asBoolean())
                .isTrue();
        joiner.api().post("/api/groups/" + room + "/leave").expect(204);
        assertThat(joiner.api().get("/api/rooms/" + room).json().path("joined").asBoolean())
                .isFalse();
        joiner.api().get("/api/conversations/" + room + "/messages").expectProblem(404, "not_found");
    }

    @Test
    void aLiveStreamCarriesTheRoomFromTheJoinOnExactlyOnceAndInOrder() {
        Person owner = signUp("owner");
        long room = publicRoom(owner, "Live", null);
        Person joiner = signUp("joiner");
        try (StreamClient stream = StreamClient.open(
                StreamClient.Transport.WEBSOCKET, joiner.api().baseUrl(), joiner.token(), joiner.cursorNow())) {
            owner.send(room, "unheard");
            joiner.api().post("/api/rooms/" + room + "/join").expect(200);
            for (int i = 0; i < 5; i++) {
                owner.send(room, "heard " + i);
            }
            joiner.api().post("/api/groups/" + room + "/leave").expect(204);
            owner.send(room, "after leaving");
            List<JsonNode> frames = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline
                    && frames.stream()
                            .noneMatch(
                                    f -> "member.removed".equals(f.path("type").asString()))) {
                JsonNode frame = stream.next(java.time.Duration.ofMillis(200));
                if (frame != null && frame.has("id")) {
                    frames.add(frame);
                }
            }
            // One more moment for anything that should not come.
            JsonNode late = stream.next(java.time.Duration.ofMillis(500));
            if (late != null && late.has("id")) {
                frames.add(late);
            }
            List<String> seen = new java.util.ArrayList<>();
            frames.forEach(f -> seen.add(f.path("type").asString() + " "
                    + f.path("data").path("body").asString("")));
            assertThat(seen)
                    .containsExactly(
                            "member.added ",
                            "message.created heard 0",
                            "message.created heard 1",
                            "message.created heard 2",
                            "message.created heard 3",
                            "message.created heard 4",
                            "member.removed ");
            // Persisted frames carry their cursor, "position in base 36.epoch": strictly rising.
            List<Long> positions = frames.stream()
                    .map(f -> Long.parseLong(f.path("id").asString().split("\\.")[0], 36))
                    .toList();
            assertThat(positions).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void privateAndMissingGroupsCannotBeJoinedById() {
        Person owner = signUp("owner");
        long privateGroup = owner.createGroup("Secret");
        Person mallory = signUp("mallory");
        mallory.api().post("/api/rooms/" + privateGroup + "/join").expectProblem(404, "not_found");
        mallory.api().get("/api/rooms/" + privateGroup).expectProblem(404, "not_found");
        mallory.api().post("/api/rooms/999999999/join").expectProblem(404, "not_found");
        long direct = owner.befriend(mallory);
        signUp("eve").api().post("/api/rooms/" + direct + "/join").expectProblem(404, "not_found");

        long deleted = publicRoom(owner, "Gone soon", null);
        owner.api().delete("/api/groups/" + deleted).expect(204);
        mallory.api().post("/api/rooms/" + deleted + "/join").expectProblem(404, "not_found");
        assertThat(owner.conversation(privateGroup).json().path("memberCount").asInt())
                .isEqualTo(1);
    }

    @Test
    void aRoomHoldsAtMostTheConfiguredNumberOfMembers() {
        Person owner = signUp("owner");
        long room = publicRoom(owner, "Small", null, signUp("a"), signUp("b"), signUp("c"));
        JsonNode full =
                signUp("late").api().post("/api/rooms/" + room + "/join").expectProblem(409, "group_full");
        assertThat(full.path("maxMembers").asInt()).isEqualTo(4);
    }

    @Test
    void aBannedUserIsRemovedAndCannotComeBackUntilTheBanIsLifted() {
        Person owner = signUp("owner");
        Person admin = signUp("admin");
        long room = publicRoom(owner, "Moderated", null, admin);
        owner.setRole(room, admin, "admin").expect(200);
        Person troll = signUp("troll");
        troll.api().post("/api/rooms/" + room + "/join").expect(200);
        String cursor = troll.cursorNow();

        JsonNode ban = admin.api()
                .put("/api/groups/" + room + "/bans/" + troll.id(), null)
                .expect(200)
                .json();
        assertThat(ban.path("user").path("id").asLong()).isEqualTo(troll.id());
        assertThat(ban.path("bannedBy").asLong()).isEqualTo(admin.id());
        // The banned member hears why, and nothing of the room after it.
        owner.send(room, "after the ban");
        JsonNode events = troll.api()
                .get("/api/events?after=" + cursor)
                .expect(200)
                .json()
                .path("events");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("type").asString()).isEqualTo("member.removed");
        assertThat(events.get(0).path("data").path("reason").asString()).isEqualTo("banned");
        assertThat(troll.listed(room)).isNull();

        troll.api().post("/api/rooms/" + room + "/join").expectProblem(403, "banned");
        owner.addTo(room, troll).expectProblem(403, "banned");
        // Banning again is idempotent; the list is for owner and admins only.
        owner.api().put("/api/groups/" + room + "/bans/" + troll.id(), null).expect(200);
        assertThat(Person.ids(
                        owner.api()
                                .get("/api/groups/" + room + "/bans")
                                .expect(200)
                                .json(),
                        "/user/id"))
                .containsExactly(troll.id());
        troll.api().get("/api/groups/" + room + "/bans").expectProblem(404, "not_found");

        owner.api().delete("/api/groups/" + room + "/bans/" + troll.id()).expect(204);
        owner.api().delete("/api/groups/" + room + "/bans/" + troll.id()).expectProblem(404, "not_found");
        troll.api().post("/api/rooms/" + room + "/join").expect(200);
    }

    @Test
    void onlyOwnerAndAdminsBanAndAdminsCannotBanTheirPeers() {
        Person owner = signUp("owner");
        Person admin = signUp("admin");
        Person other = signUp("admin2");
        Person member = signUp("member");
        long room = publicRoom(owner, "Rules", null, admin, other, member);
        owner.setRole(room, admin, "admin").expect(200);
        owner.setRole(room, other, "admin").expect(200);
        Person outsider = signUp("outsider");

        member.api().put("/api/groups/" + room + "/bans/" + outsider.id(), null).expectProblem(403, "forbidden");
        member.api().get("/api/groups/" + room + "/bans").expectProblem(403, "forbidden");
        outsider.api().put("/api/groups/" + room + "/bans/" + member.id(), null).expectProblem(404, "not_found");
        admin.api().put("/api/groups/" + room + "/bans/" + other.id(), null).expectProblem(403, "forbidden");
        admin.api().put("/api/groups/" + room + "/bans/" + owner.id(), null).expectProblem(403, "forbidden");
        owner.api().put("/api/groups/" + room + "/bans/" + owner.id(), null).expectProblem(403, "forbidden");
        admin.api().put("/api/groups/" + room + "/bans/999999999", null).expectProblem(404, "not_found");
        assertThat(owner.conversation(room).json().path("memberCount").asInt()).isEqualTo(4);

        // An outsider can be banned before they ever come.
        admin.api().put("/api/groups/" + room + "/bans/" + outsider.id(), null).expect(200);
        outsider.api().post("/api/rooms/" + room + "/join").expectProblem(403, "banned");
    }
}
