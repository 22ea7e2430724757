package org.tidings.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.stream.EventLog;
import org.tidings.testing.Person;
import org.tidings.web.ApiException;
import tools.jackson.databind.JsonNode;

/**
 * The conversation list and details through the real server, and the calls the chat feature
 * makes (there is no message endpoint yet, so those are made on the running server's beans).
 */
@TestPropertySource(properties = "tidings.social.max-group-members=4")
abstract class SocialConversationsContract {

    @LocalServerPort
    int port;

    @Autowired
    Conversations conversations;

    @Autowired
    EventLog log;

    Person signUp(String prefix) {
        return Person.signUp(port, prefix);
    }

    long send(long conversation, long sender, String text) {
        return log.write(tx -> {
            conversations.checkCanSend(tx, conversation, sender);
            return conversations.recordMessage(tx, conversation, text, tx.now());
        });
    }

    boolean advance(long conversation, long user, long seq) {
        return log.write(tx -> conversations.advanceReadPointer(tx, conversation, user, seq));
    }

    static void assertRefused(ThrowingCallable call, int status, String code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status().value()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
        });
    }

    static List<Long> ids(JsonNode list) {
        return Person.ids(list, "/id");
    }

    @Test
    void listsLatestActivityFirstWithUnreadAsLastSeqMinusReadPointer() {
        Person alice = signUp("alice");
        Person bob = signUp("bob");
        long direct = alice.befriend(bob);
        long group = alice.createGroup("Later", bob);
        assertThat(ids(alice.conversations())).containsExactly(group, direct);

        assertThat(send(direct, bob.id(), "hello")).isEqualTo(1);
        assertThat(send(direct, alice.id(), "hi bob")).isEqualTo(2);
        assertThat(send(direct, bob.id(), "x".repeat(300))).isEqualTo(3);
        assertThat(ids(alice.conversations())).containsExactly(direct, group);

        JsonNode listed = alice.listed(direct);
        assertThat(listed.path("lastSeq").asLong()).isEqualTo(3);
        assertThat(listed.path("unreadCount").asLong()).isEqualTo(3);
        assertThat(listed.path("lastMessagePreview").asString()).isEqualTo("x".repeat(200));
        assertThat(listed.path("lastMessageAt").asString()).endsWith("Z");

        assertThat(advance(direct, alice.id(), 2)).isTrue();
        assertThat(advance(direct, alice.id(), 1)).isFalse();
        assertThat(alice.listed(direct).path("unreadCount").asLong()).isEqualTo(1);
        assertThat(conversations.readPointer(direct, alice.id())).isEqualTo(2);

        // A pointer past the last message stops at it.
        assertThat(advance(direct, alice.id(), 99)).isTrue();
        assertThat(conversations.readPointer(direct, alice.id())).isEqualTo(3);
        assertThat(alice.listed(direct).path("unreadCount").asLong()).isZero();
        assertThat(bob.listed(direct).path("unreadCount").asLong()).isEqualTo(3);
    }

    @Test
    void detailsShowMembersToMembersOnly() {
        Person carol = signUp("carol");
        Person dave = signUp("dave");
        Person eve = signUp("eve");
        long direct = carol.befriend(dave);

        JsonNode details = carol.conversation(direct).expect(200).json();
        assertThat(details.path("id").asLong()).isEqualTo(direct);
        assertThat(details.path("kind").asString()).isEqualTo("direct");
        assertThat(details.path("title").asString()).isEqualTo(dave.displayName());
        assertThat(details.at("/otherUser/id").asLong()).isEqualTo(dave.id());
        assertThat(ids(details.path("members"))).containsExactlyInAnyOrder(carol.id(), dave.id());
        assertThat(details.path("members").get(0).path("role").asString()).isEqualTo("member");
        assertThat(details.path("members").get(0).has("displayName")).isTrue();

        eve.conversation(direct).expectProblem(404, "not_found");
        eve.conversation(999_999_999L).expectProblem(404, "not_found");
        assertThat(eve.conversations().size()).isZero();
        assertRefused(() -> conversations.requireMember(direct, eve.id()), 404, "not_found");
        assertRefused(() -> conversations.readPointer(direct, eve.id()), 404, "not_found");
    }

    @Test
    void membersAddedLaterStartWithNothingUnread() {
        Person owner = signUp("owner");
        Person late = signUp("late");
        long group = owner.createGroup("Chatty");
        send(group, owner.id(), "one");
        send(group, owner.id(), "two");

        owner.addTo(group, late).expect(201);
        JsonNode listed = late.listed(group);
        assertThat(listed.path("lastSeq").asLong()).isEqualTo(2);
        assertThat(listed.path("unreadCount").asLong()).isZero();
        // Being added counts as activity for the one added: the group tops their list.
        late.befriend(signUp("friend"));
        owner.addTo(owner.createGroup("Quiet"), late).expect(201);
        assertThat(ids(late.conversations()).getFirst()).isNotEqualTo(group);
        send(group, owner.id(), "three");
        assertThat(ids(late.conversations()).getFirst()).isEqualTo(group);
        assertThat(late.listed(group).path("unreadCount").asLong()).isEqualTo(1);
    }

    @Test
    void exFriendsAndBlockedPeopleCannotSendButGroupMembersCan() {
        Person fay = signUp("fay");
        Person gus = signUp("gus");
        Person hal = signUp("hal");
        long direct = fay.befriend(gus);
        long group = fay.createGroup("Trio", gus, hal);
        send(direct, gus.id(), "ok while friends");

        fay.api().delete("/api/friends/" + gus.id()).expect(204);
        assertRefused(() -> send(direct, gus.id(), "hello?"), 403, "not_friends");
        assertRefused(() -> send(direct, fay.id(), "hello?"), 403, "not_friends");

        gus.befriend(fay);
        send(direct, fay.id(), "friends again");
        gus.block(fay).expect(201);
        assertRefused(() -> send(direct, fay.id(), "hello?"), 403, "blocked");
        gus.api().delete("/api/blocks/" + fay.id()).expect(204);
        // Unblocking does not make them friends again.
        assertRefused(() -> send(direct, fay.id(), "hello?"), 403, "not_friends");

        // Blocks do not reach into groups.
        gus.block(hal).expect(201);
        assertThat(send(group, hal.id(), "still here")).isEqualTo(1);
        assertRefused(() -> send(group, signUp("outsider").id(), "hi"), 404, "not_found");
        assertThat(fay.listed(direct).path("lastSeq").asLong()).isEqualTo(2);
    }

    @Test
    void removedMembersLoseTheGroupAndItsSends() {
        Person owner = signUp("owner");
        Person gone = signUp("gone");
        Person stays = signUp("stays");
        long group = owner.createGroup("Shrinking", gone, stays);
        assertThat(conversations.memberIds(group)).containsExactlyInAnyOrder(owner.id(), gone.id(), stays.id());
        assertThat(conversations.requireMember(group, gone.id()).role()).isEqualTo("member");
        assertThat(conversations.requireMember(group, owner.id())).isEqualTo(new Membership(group, "group", "owner"));

        owner.api().delete("/api/groups/" + group + "/members/" + gone.id()).expect(204);
        gone.conversation(group).expectProblem(404, "not_found");
        assertThat(gone.listed(group)).isNull();
        assertRefused(() -> send(group, gone.id(), "let me in"), 404, "not_found");
        assertThat(conversations.memberIds(group)).containsExactlyInAnyOrder(owner.id(), stays.id());

        owner.api().delete("/api/groups/" + group).expect(204);
        assertThat(conversations.memberIds(group)).isEmpty();
        assertRefused(() -> send(group, owner.id(), "anyone?"), 404, "not_found");
        assertRefused(() -> log.write(tx -> conversations.recordMessage(tx, group, "x", tx.now())), 404, "not_found");
    }

    @Test
    void contactsAreFriendsAndFellowGroupMembers() {
        Person ida = signUp("ida");
        Person friend = signUp("friend");
        Person groupMate = signUp("mate");
        Person exFriend = signUp("exfriend");
        Person stranger = signUp("stranger");
        ida.befriend(friend);
        ida.befriend(exFriend);
        ida.api().delete("/api/friends/" + exFriend.id()).expect(204);
        groupMate.createGroup("Ours", ida);
        long deleted = stranger.createGroup("Gone", ida);
        stranger.api().delete("/api/groups/" + deleted).expect(204);

        assertThat(conversations.contactsOf(ida.id())).containsExactlyInAnyOrder(friend.id(), groupMate.id());
        assertThat(conversations.contactsOf(groupMate.id())).containsExactly(ida.id());
    }

    @Test
    void conversationListDoesNotLeakOtherPeoplesConversations() {
        Person jan = signUp("jan");
        Person kim = signUp("kim");
        Person lou = signUp("lou");
        long theirs = kim.befriend(lou);
        kim.createGroup("Kim and Lou", lou);
        jan.api()
                .post("/api/friends/requests", Map.of("username", kim.username()))
                .expect(201);
        assertThat(jan.conversations().size()).isZero();
        assertThat(jan.api().get("/api/conversations/" + theirs).status()).isEqualTo(404);
    }

    @Test
    void aNotificationLevelIsPerMemberAndReachesTheirOtherClients() {
        Person alice = signUp("alice");
        Person bob = signUp("bob");
        long conversation = alice.befriend(bob);
        assertThat(alice.listed(conversation).path("notifications").asString()).isEqualTo("all");
        String cursor = alice.cursorNow();

        JsonNode changed = alice.api()
                .put("/api/conversations/" + conversation + "/notifications", Map.of("notifications", "none"))
                .expect(200)
                .json();
        assertThat(changed.path("notifications").asString()).isEqualTo("none");
        assertThat(alice.listed(conversation).path("notifications").asString()).isEqualTo("none");
        // Only hers: bob still hears everything.
        assertThat(bob.listed(conversation).path("notifications").asString()).isEqualTo("all");
        // Her other tabs learn it from her stream; setting it again emits nothing more.
        alice.api()
                .put("/api/conversations/" + conversation + "/notifications", Map.of("notifications", "none"))
                .expect(200);
        JsonNode events = alice.api()
                .get("/api/events?after=" + cursor)
                .expect(200)
                .json()
                .path("events");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).path("type").asString()).isEqualTo("conversation.notifications");
        assertThat(events.get(0).path("data").path("conversationId").asLong()).isEqualTo(conversation);
        assertThat(events.get(0).path("data").path("notifications").asString()).isEqualTo("none");
        assertThat(bob.api()
                        .get("/api/events?after=" + cursor)
                        .expect(200)
                        .json()
                        .path("events")
                        .toString())
                .doesNotContain("conversation.notifications");

        alice.api()
                .put("/api/conversations/" + conversation + "/notifications", Map.of("notifications", "loud"))
                .expectProblem(400, "invalid_notifications");
        Person mallory = signUp("mallory");
        mallory.api()
                .put("/api/conversations/" + conversation + "/notifications", Map.of("notifications", "all"))
                .expectProblem(404, "not_found");
    }
}
