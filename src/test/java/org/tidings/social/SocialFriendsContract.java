package org.tidings.social;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.Names;
import org.tidings.testing.Person;
import tools.jackson.databind.JsonNode;

/** Friend requests, friendships and blocks through the real server; run per database. */
@TestPropertySource(properties = "tidings.social.max-group-members=4")
abstract class SocialFriendsContract {

    @LocalServerPort
    int port;

    Person signUp(String prefix) {
        return Person.signUp(port, prefix);
    }

    @Test
    void recipientAcceptsARequestAndBothGetTheFriendshipAndADirectConversation() {
        Person alice = signUp("alice");
        Person bob = signUp("bob");

        JsonNode request = alice.requestFriend(bob).expect(201).json();
        assertThat(request.at("/from/id").asLong()).isEqualTo(alice.id());
        assertThat(request.at("/to/username").asString()).isEqualTo(bob.username());
        assertThat(request.path("createdAt").asString()).endsWith("Z");
        long requestId = request.path("id").asLong();

        JsonNode alicesRequests =
                alice.api().get("/api/friends/requests").expect(200).json();
        assertThat(Person.ids(alicesRequests.path("outgoing"), "/id")).containsExactly(requestId);
        assertThat(alicesRequests.path("incoming").size()).isZero();
        JsonNode bobsRequests =
                bob.api().get("/api/friends/requests").expect(200).json();
        assertThat(Person.ids(bobsRequests.path("incoming"), "/id")).containsExactly(requestId);
        assertThat(Person.ids(bobsRequests.path("incoming"), "/from/id")).containsExactly(alice.id());

        JsonNode friendship = bob.api()
                .post("/api/friends/requests/" + requestId + "/accept")
                .expect(200)
                .json();
        assertThat(friendship.at("/user/id").asLong()).isEqualTo(alice.id());
        long conversation = friendship.path("conversationId").asLong();

        assertThat(Person.ids(alice.api().get("/api/friends").expect(200).json(), "/user/id"))
                .containsExactly(bob.id());
        JsonNode bobsFriends = bob.api().get("/api/friends").expect(200).json();
        assertThat(Person.ids(bobsFriends, "/user/id")).containsExactly(alice.id());
        assertThat(Person.ids(bobsFriends, "/conversationId")).containsExactly(conversation);
        assertThat(alice.api()
                        .get("/api/friends/requests")
                        .json()
                        .path("outgoing")
                        .size())
                .isZero();
        assertThat(bob.api()
                        .get("/api/friends/requests")
                        .json()
                        .path("incoming")
                        .size())
                .isZero();

        JsonNode listed = alice.listed(conversation);
        assertThat(listed.path("kind").asString()).isEqualTo("direct");
        assertThat(listed.path("title").asString()).isEqualTo(bob.displayName());
        assertThat(listed.at("/otherUser/id").asLong()).isEqualTo(bob.id());
        assertThat(listed.at("/otherUser/username").asString()).isEqualTo(bob.username());
        assertThat(listed.path("memberCount").asInt()).isEqualTo(2);
        assertThat(listed.path("unreadCount").asLong()).isZero();
        assertThat(listed.path("canSend").asBoolean()).isTrue();
        assertThat(listed.has("lastMessagePreview")).isTrue();
        assertThat(listed.path("lastMessagePreview").isNull()).isTrue();
        assertThat(listed.path("lastMessageAt").isNull()).isTrue();
        assertThat(bob.listed(conversation).at("/otherUser/id").asLong()).isEqualTo(alice.id());
    }

    @Test
    void recipientDeclinesAndSenderCancels() {
        Person carol = signUp("carol");
        Person dave = signUp("dave");
        long declined = carol.requestFriend(dave).expect(201).json().path("id").asLong();
        dave.api().post("/api/friends/requests/" + declined + "/decline").expect(204);
        assertThat(carol.api()
                        .get("/api/friends/requests")
                        .json()
                        .path("outgoing")
                        .size())
                .isZero();
        assertThat(dave.api()
                        .get("/api/friends/requests")
                        .json()
                        .path("incoming")
                        .size())
                .isZero();

        // A declined request can be sent again, and cancelled by its sender.
        long cancelled = carol.requestFriend(dave).expect(201).json().path("id").asLong();
        assertThat(cancelled).isNotEqualTo(declined);
        carol.api().delete("/api/friends/requests/" + cancelled).expect(204);
        assertThat(dave.api()
                        .get("/api/friends/requests")
                        .json()
                        .path("incoming")
                        .size())
                .isZero();
        assertThat(carol.api().get("/api/friends").json().size()).isZero();
        assertThat(carol.conversations().size()).isZero();
    }

    @Test
    void refusesRequestsToYourselfToNobodyTwiceAndToFriends() {
        Person erin = signUp("erin");
        Person frank = signUp("frank");
        Person grace = signUp("grace");

        erin.requestFriend(erin).expectProblem(400, "cannot_request_self");
        erin.api()
                .post("/api/friends/requests", Map.of("username", Names.unique("nobody")))
                .expectProblem(404, "user_not_found");
        erin.api().post("/api/friends/requests", Map.of("username", " ")).expectProblem(400, "validation_failed");
        erin.api().post("/api/friends/requests", Map.of()).expectProblem(400, "validation_failed");

        erin.requestFriend(frank).expect(201);
        erin.requestFriend(frank).expectProblem(409, "request_exists");
        // Usernames are matched ignoring case, like at sign-in.
        erin.api()
                .post(
                        "/api/friends/requests",
                        Map.of("username", frank.username().toUpperCase()))
                .expectProblem(409, "request_exists");

        erin.befriend(grace);
        erin.requestFriend(grace).expectProblem(409, "already_friends");
        grace.requestFriend(erin).expectProblem(409, "already_friends");
    }

    @Test
    void askingSomeoneWhoAlreadyAskedYouMakesYouFriends() {
        Person heidi = signUp("heidi");
        Person ivan = signUp("ivan");
        ivan.requestFriend(heidi).expect(201);

        JsonNode friendship = heidi.requestFriend(ivan).expect(200).json();
        assertThat(friendship.at("/user/id").asLong()).isEqualTo(ivan.id());
        assertThat(friendship.path("conversationId").asLong()).isPositive();

        assertThat(Person.ids(heidi.api().get("/api/friends").json(), "/user/id"))
                .containsExactly(ivan.id());
        assertThat(Person.ids(ivan.api().get("/api/friends").json(), "/user/id"))
                .containsExactly(heidi.id());
        assertThat(ivan.api()
                        .get("/api/friends/requests")
                        .json()
                        .path("outgoing")
                        .size())
                .isZero();
        assertThat(heidi.api()
                        .get("/api/friends/requests")
                        .json()
                        .path("incoming")
                        .size())
                .isZero();
    }

    @Test
    void onlyTheRightPartyActsOnARequestAndOthersCannotSeeIt() {
        Person judy = signUp("judy");
        Person ken = signUp("ken");
        Person mallory = signUp("mallory");
        long request = judy.requestFriend(ken).expect(201).json().path("id").asLong();
        String path = "/api/friends/requests/" + request;

        judy.api().post(path + "/accept").expectProblem(403, "forbidden");
        judy.api().post(path + "/decline").expectProblem(403, "forbidden");
        ken.api().delete(path).expectProblem(403, "forbidden");

        mallory.api().post(path + "/accept").expectProblem(404, "not_found");
        mallory.api().post(path + "/decline").expectProblem(404, "not_found");
        mallory.api().delete(path).expectProblem(404, "not_found");
        assertThat(mallory.api().get("/api/friends/requests").json().toString()).doesNotContain(judy.username());
        ken.api().post("/api/friends/requests/999999999/accept").expectProblem(404, "not_found");
        ken.api().post("/api/friends/requests/not-a-number/accept").expectProblem(400, "invalid_parameter");

        ken.api().post(path + "/accept").expect(200);
        // Once answered, the request is gone.
        ken.api().post(path + "/accept").expectProblem(404, "not_found");
        judy.api().delete(path).expectProblem(404, "not_found");
    }

    @Test
    void unfriendingEndsItForBothAndKeepsTheConversationReadOnly() {
        Person liam = signUp("liam");
        Person mia = signUp("mia");
        Person stranger = signUp("stranger");
        long conversation = liam.befriend(mia);

        stranger.api().delete("/api/friends/" + liam.id()).expectProblem(404, "not_found");
        liam.api().delete("/api/friends/" + mia.id()).expect(204);
        assertThat(liam.api().get("/api/friends").json().size()).isZero();
        assertThat(mia.api().get("/api/friends").json().size()).isZero();
        liam.api().delete("/api/friends/" + mia.id()).expectProblem(404, "not_found");

        // The history stays with both; nobody can send in it until they are friends again.
        assertThat(liam.listed(conversation).path("canSend").asBoolean()).isFalse();
        assertThat(mia.conversation(conversation)
                        .expect(200)
                        .json()
                        .path("canSend")
                        .asBoolean())
                .isFalse();

        assertThat(mia.befriend(liam)).isEqualTo(conversation);
        assertThat(liam.listed(conversation).path("canSend").asBoolean()).isTrue();
        assertThat(liam.conversations().size()).isEqualTo(1);
    }

    @Test
    void aBlockedUserCannotSendRequestsEitherWay() {
        Person nina = signUp("nina");
        Person oscar = signUp("oscar");

        JsonNode block = nina.block(oscar).expect(201).json();
        assertThat(block.at("/user/id").asLong()).isEqualTo(oscar.id());
        assertThat(Person.ids(nina.api().get("/api/blocks").expect(200).json(), "/user/id"))
                .containsExactly(oscar.id());
        assertThat(oscar.api().get("/api/blocks").json().size()).isZero();

        oscar.requestFriend(nina).expectProblem(403, "blocked");
        nina.requestFriend(oscar).expectProblem(403, "blocked");

        // Only the blocker can lift the block.
        oscar.api().delete("/api/blocks/" + nina.id()).expectProblem(404, "not_found");
        nina.api().delete("/api/blocks/" + oscar.id()).expect(204);
        assertThat(nina.api().get("/api/blocks").json().size()).isZero();
        oscar.requestFriend(nina).expect(201);
    }

    @Test
    void blockingClosesPendingRequestsAndEndsTheFriendship() {
        Person pat = signUp("pat");
        Person quinn = signUp("quinn");
        Person rita = signUp("rita");

        pat.requestFriend(quinn).expect(201);
        quinn.block(pat).expect(201);
        assertThat(pat.api()
                        .get("/api/friends/requests")
                        .json()
                        .path("outgoing")
                        .size())
                .isZero();
        assertThat(quinn.api()
                        .get("/api/friends/requests")
                        .json()
                        .path("incoming")
                        .size())
                .isZero();

        long conversation = pat.befriend(rita);
        pat.block(rita).expect(201);
        assertThat(pat.api().get("/api/friends").json().size()).isZero();
        assertThat(rita.api().get("/api/friends").json().size()).isZero();
        assertThat(rita.listed(conversation).path("canSend").asBoolean()).isFalse();

        // Unblocking does not bring the friendship back.
        pat.api().delete("/api/blocks/" + rita.id()).expect(204);
        assertThat(pat.api().get("/api/friends").json().size()).isZero();
    }

    @Test
    void refusesBlockingYourselfNobodyOrTwice() {
        Person sam = signUp("sam");
        Person tara = signUp("tara");
        sam.block(sam).expectProblem(400, "cannot_block_self");
        sam.api()
                .post("/api/blocks", Map.of("username", Names.unique("nobody")))
                .expectProblem(404, "user_not_found");
        sam.block(tara).expect(201);
        sam.block(tara).expectProblem(409, "already_blocked");
        sam.api().delete("/api/blocks/999999999").expectProblem(404, "not_found");
    }

    @Test
    void everythingNeedsSigningIn() {
        Api anonymous = new Api(port);
        anonymous.get("/api/friends").expectProblem(401, "unauthenticated");
        anonymous.get("/api/friends/requests").expectProblem(401, "unauthenticated");
        anonymous.get("/api/blocks").expectProblem(401, "unauthenticated");
        anonymous.get("/api/conversations").expectProblem(401, "unauthenticated");
        anonymous.post("/api/groups", Map.of("name", "x")).expectProblem(401, "unauthenticated");
    }
}
