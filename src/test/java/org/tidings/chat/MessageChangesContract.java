package org.tidings.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.Person;
import org.tidings.testing.StreamClient;
import org.tidings.testing.StreamClient.Transport;
import tools.jackson.databind.JsonNode;

/** Editing, deleting, reactions, replies, mentions and read receipts through the real server. */
@TestPropertySource(properties = {"tidings.chat.edit-window=4s", "tidings.chat.read-receipt-interval=1s"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class MessageChangesContract {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(700);

    @LocalServerPort
    int port;

    Person person(String name) {
        return Person.signUp(port, name);
    }

    static String messages(long conversationId) {
        return "/api/conversations/" + conversationId + "/messages";
    }

    static String message(JsonNode m) {
        return messages(m.path("conversationId").asLong()) + "/" + m.path("id").asLong();
    }

    static String reaction(JsonNode m, String emoji) {
        return message(m) + "/reactions/" + URLEncoder.encode(emoji, StandardCharsets.UTF_8);
    }

    static JsonNode history(Person reader, long conversationId) {
        return reader.api()
                .get(messages(conversationId) + "?limit=200")
                .expect(200)
                .json()
                .path("messages");
    }

    static JsonNode bySeq(Person reader, long conversationId, long seq) {
        for (JsonNode m : history(reader, conversationId)) {
            if (m.path("seq").asLong() == seq) {
                return m;
            }
        }
        throw new AssertionError("no message " + seq);
    }

    StreamClient stream(Person person, String cursor) {
        return StreamClient.open(Transport.WEBSOCKET, person.api().baseUrl(), person.token(), cursor);
    }

    @Test
    void senderEditsWithinTheWindowAndMembersReadTheVersions() throws Exception {
        Person alice = person("alice");
        Person bob = person("bob");
        Person stranger = person("stranger");
        long direct = alice.befriend(bob);
        JsonNode sent = alice.send(direct, "helo");
        try (StreamClient live = stream(bob, bob.cursorNow())) {
            JsonNode edited = alice.api()
                    .patch(message(sent), Map.of("body", " hello "))
                    .expect(200)
                    .json();
            assertThat(edited.path("body").asString()).isEqualTo("hello");
            assertThat(edited.path("seq").asLong()).isEqualTo(sent.path("seq").asLong());
            assertThat(edited.path("editedAt").asString()).endsWith("Z");
            JsonNode event = live.collect("message.updated", 1, WAIT).getFirst().path("data");
            assertThat(event.path("id").asLong()).isEqualTo(sent.path("id").asLong());
            assertThat(event.path("body").asString()).isEqualTo("hello");
            assertThat(event.path("version").asInt()).isEqualTo(2);
            // The same text again changes nothing and emits nothing.
            alice.api().patch(message(sent), Map.of("body", "hello")).expect(200);
            assertThat(live.collect("message.updated", 1, QUIET)).isEmpty();
        }
        JsonNode versions =
                bob.api().get(message(sent) + "/versions").expect(200).json().path("versions");
        assertThat(versions).extracting(v -> v.path("body").asString()).containsExactly("helo", "hello");
        assertThat(versions).extracting(v -> v.path("version").asInt()).containsExactly(1, 2);
        JsonNode shown = bySeq(bob, direct, 1);
        assertThat(shown.path("body").asString()).isEqualTo("hello");
        assertThat(shown.has("editedAt")).isTrue();
        assertThat(bob.listed(direct).path("lastMessagePreview").asString()).isEqualTo("hello");

        bob.api().patch(message(sent), Map.of("body", "mine now")).expectProblem(403, "forbidden");
        stranger.api().patch(message(sent), Map.of("body", "x")).expectProblem(404, "not_found");
        stranger.api().get(message(sent) + "/versions").expectProblem(404, "not_found");
        alice.api().patch(message(sent), Map.of("body", "  ")).expectProblem(400, "validation_failed");
        alice.api().patch(messages(direct) + "/999999", Map.of("body", "x")).expectProblem(404, "not_found");

        // tidings.chat.edit-window is 4 s here.
        JsonNode old = alice.send(direct, "soon too old");
        Thread.sleep(4_500);
        alice.api().patch(message(old), Map.of("body", "too late")).expectProblem(403, "edit_window_passed");
    }

    @Test
    void deletingLeavesATombstoneEverywhereAndOnReplay() {
        Person alice = person("alice");
        Person bob = person("bob");
        long direct = alice.befriend(bob);
        String before = bob.cursorNow();
        JsonNode first = alice.send(direct, "keep me");
        JsonNode secret = alice.send(direct, "secret words");
        alice.api()
                .patch(message(secret), Map.of("body", "secret words, edited"))
                .expect(200);
        assertThat(bob.listed(direct).path("unreadCount").asLong()).isEqualTo(2);

        bob.api().delete(message(secret)).expectProblem(403, "forbidden");
        try (StreamClient live = stream(bob, bob.cursorNow())) {
            alice.api().delete(message(secret)).expect(204);
            JsonNode deleted =
                    live.collect("message.deleted", 1, WAIT).getFirst().path("data");
            assertThat(deleted.path("id").asLong()).isEqualTo(secret.path("id").asLong());
            assertThat(deleted.path("seq").asLong()).isEqualTo(2);
            assertThat(deleted.path("deletedBy").asLong()).isEqualTo(alice.id());
            // Again: nothing changes, nothing is emitted.
            alice.api().delete(message(secret)).expect(204);
            assertThat(live.collect("message.deleted", 1, QUIET)).isEmpty();
        }
        JsonNode tombstone = bySeq(bob, direct, 2);
        assertThat(tombstone.path("deleted").asBoolean()).isTrue();
        assertThat(tombstone.has("body")).isFalse();
        assertThat(tombstone.has("editedAt")).isFalse();
        assertThat(tombstone.path("reactions")).isEmpty();
        // The list shows the newest message that is not deleted; the tombstone still counts as unread.
        JsonNode listed = bob.listed(direct);
        assertThat(listed.path("lastMessagePreview").asString()).isEqualTo("keep me");
        assertThat(listed.path("unreadCount").asLong()).isEqualTo(2);

        // Replaying from before the message: the tombstone, never the text.
        try (StreamClient replay =
                StreamClient.open(Transport.SHORT_POLL, bob.api().baseUrl(), bob.token(), before)) {
            List<JsonNode> frames = replay.collect("message.deleted", 1, WAIT);
            assertThat(frames).hasSize(1);
        }
        try (StreamClient replay = StreamClient.open(Transport.SSE, bob.api().baseUrl(), bob.token(), before)) {
            List<JsonNode> created = replay.collect("message.created", 2, WAIT);
            assertThat(created)
                    .extracting(e -> e.path("data").path("deleted").asBoolean())
                    .containsExactly(false, true);
            assertThat(created.get(1).path("data").has("body")).isFalse();
            List<JsonNode> updated = replay.collect("message.updated", 1, WAIT);
            assertThat(updated.getFirst().path("data").path("deleted").asBoolean())
                    .isTrue();
            assertThat(updated.getFirst().path("data").has("body")).isFalse();
            assertThat(updated.getFirst().toString()).doesNotContain("secret");
            assertThat(created.toString()).doesNotContain("secret");
        }

        alice.api().patch(message(secret), Map.of("body", "back")).expectProblem(409, "message_deleted");
        bob.api().put(reaction(secret, "👍"), null).expectProblem(409, "message_deleted");
        bob.api().get(message(secret) + "/versions").expectProblem(404, "not_found");
        alice.api().delete(message(first)).expect(204);
        assertThat(bob.listed(direct).path("lastMessagePreview").isNull()).isTrue();
    }

    @Test
    void groupOwnerAndAdminsDeleteAnyMessageMembersOnlyTheirOwn() {
        Person owner = person("owner");
        Person admin = person("admin");
        Person member = person("member");
        Person other = person("other");
        long group = owner.createGroup("mods", admin, member, other);
        owner.setRole(group, admin, "admin").expect(200);
        JsonNode byMember = member.send(group, "from a member");
        JsonNode byOther = other.send(group, "from another member");
        JsonNode byOwner = owner.send(group, "from the owner");
        member.api().delete(message(byOther)).expectProblem(403, "forbidden");
        member.api().delete(message(byOwner)).expectProblem(403, "forbidden");
        admin.api().delete(message(byMember)).expect(204);
        owner.api().delete(message(byOther)).expect(204);
        assertThat(history(other, group))
                .extracting(m -> m.path("deleted").asBoolean())
                .containsExactly(true, true, false);
    }

    @Test
    void reactionsAreCountedPerEmojiIdempotentAndLimited() {
        Person alice = person("alice");
        Person bob = person("bob");
        Person stranger = person("stranger");
        long direct = alice.befriend(bob);
        JsonNode sent = alice.send(direct, "react to me");
        try (StreamClient live = stream(alice, alice.cursorNow())) {
            bob.api().put(reaction(sent, "👍"), null).expect(204);
            bob.api().put(reaction(sent, "👍"), null).expect(204);
            alice.api().put(reaction(sent, "👍"), null).expect(204);
            bob.api().put(reaction(sent, "👩‍💻"), null).expect(204);
            List<JsonNode> added = live.collect("reaction.added", 4, Duration.ofSeconds(2));
            assertThat(added).hasSize(3);
            JsonNode first = added.getFirst().path("data");
            assertThat(first.path("emoji").asString()).isEqualTo("👍");
            assertThat(first.path("userId").asLong()).isEqualTo(bob.id());
            assertThat(first.path("messageId").asLong())
                    .isEqualTo(sent.path("id").asLong());
            assertThat(first.has("me")).isFalse();
            bob.api().delete(reaction(sent, "👩‍💻")).expect(204);
            bob.api().delete(reaction(sent, "👩‍💻")).expect(204);
            assertThat(live.collect("reaction.removed", 2, Duration.ofSeconds(2)))
                    .hasSize(1);
        }
        JsonNode reactions = bySeq(alice, direct, 1).path("reactions");
        assertThat(reactions).hasSize(1);
        assertThat(reactions.get(0).path("emoji").asString()).isEqualTo("👍");
        assertThat(reactions.get(0).path("count").asInt()).isEqualTo(2);
        assertThat(reactions.get(0).path("me").asBoolean()).isTrue();
        assertThat(Person.ids(reactions.get(0).path("userIds"), "")).containsExactly(bob.id(), alice.id());

        for (String bad : List.of("a", "👍👍", "1", "👍 ", "<b>", "👍a")) {
            bob.api().put(reaction(sent, bad), null).expectProblem(400, "invalid_emoji");
        }
        for (String good : List.of("🇫🇷", "1️⃣", "👍🏽", "❤️")) {
            bob.api().put(reaction(sent, good), null).expect(204);
        }
        stranger.api().put(reaction(sent, "👍"), null).expectProblem(404, "not_found");
        stranger.api().delete(reaction(sent, "👍")).expectProblem(404, "not_found");

        // At most 20 different emoji on one message.
        JsonNode crowded = alice.send(direct, "crowded");
        List<String> twenty = new ArrayList<>();
        for (int cp = 0x1F600; twenty.size() < 21; cp++) {
            twenty.add(Character.toString(cp));
        }
        for (int i = 0; i < 20; i++) {
            alice.api().put(reaction(crowded, twenty.get(i)), null).expect(204);
        }
        bob.api().put(reaction(crowded, twenty.get(20)), null).expectProblem(409, "too_many_reactions");
        bob.api().put(reaction(crowded, twenty.get(0)), null).expect(204);
    }

    @Test
    void reactionFloodsAreRateLimited() {
        Person alice = person("alice");
        Person bob = person("bob");
        long direct = alice.befriend(bob);
        JsonNode sent = alice.send(direct, "flood me");
        int limited = 0;
        for (int i = 0; i < 80 && limited == 0; i++) {
            Api.Response response = bob.api().put(reaction(sent, i % 2 == 0 ? "👍" : "🎉"), null);
            if (response.status() == 429) {
                limited++;
                assertThat(response.json().path("code").asString()).isEqualTo("rate_limited");
                assertThat(response.header("Retry-After")).isNotNull();
            } else {
                assertThat(response.status()).isEqualTo(204);
            }
        }
        assertThat(limited).isEqualTo(1);
    }

    @Test
    void repliesQuoteTheOriginalFollowItsEditsAndShowItsDeletion() {
        Person alice = person("alice");
        Person bob = person("bob");
        long direct = alice.befriend(bob);
        long other = alice.createGroup("elsewhere", bob);
        JsonNode elsewhere = alice.send(other, "in another conversation");
        JsonNode original = alice.send(direct, "the question?");
        String before = bob.cursorNow();
        JsonNode reply = bob.api()
                .post(
                        messages(direct),
                        Map.of(
                                "body",
                                "the answer",
                                "replyTo",
                                original.path("id").asLong()))
                .expect(201)
                .json();
        JsonNode quoted = reply.path("replyTo");
        assertThat(quoted.path("id").asLong()).isEqualTo(original.path("id").asLong());
        assertThat(quoted.path("seq").asLong()).isEqualTo(original.path("seq").asLong());
        assertThat(quoted.path("sender").path("id").asLong()).isEqualTo(alice.id());
        assertThat(quoted.path("preview").asString()).isEqualTo("the question?");

        bob.api()
                .post(
                        messages(direct),
                        Map.of("body", "x", "replyTo", elsewhere.path("id").asLong()))
                .expectProblem(400, "reply_not_found");
        bob.api()
                .post(messages(direct), Map.of("body", "x", "replyTo", 999_999_999L))
                .expectProblem(400, "reply_not_found");

        alice.api()
                .patch(message(original), Map.of("body", "the better question?"))
                .expect(200);
        assertThat(bySeq(bob, direct, 2).path("replyTo").path("preview").asString())
                .isEqualTo("the better question?");
        alice.api().delete(message(original)).expect(204);
        JsonNode afterDelete = bySeq(bob, direct, 2).path("replyTo");
        assertThat(afterDelete.path("deleted").asBoolean()).isTrue();
        assertThat(afterDelete.has("preview")).isFalse();
        try (StreamClient replay =
                StreamClient.open(Transport.LONG_POLL, bob.api().baseUrl(), bob.token(), before)) {
            JsonNode created =
                    replay.collect("message.created", 1, WAIT).getFirst().path("data");
            assertThat(created.path("replyTo").path("deleted").asBoolean()).isTrue();
            assertThat(created.toString()).doesNotContain("question");
        }
        bob.api()
                .post(
                        messages(direct),
                        Map.of("body", "x", "replyTo", original.path("id").asLong()))
                .expectProblem(409, "message_deleted");
    }

    @Test
    void aroundReturnsAPageCentredOnAMessage() {
        Person alice = person("alice");
        Person bob = person("bob");
        long direct = alice.befriend(bob);
        for (int i = 1; i <= 30; i++) {
            alice.send(direct, "message " + i);
        }
        JsonNode page = bob.api()
                .get(messages(direct) + "?around=15&limit=5")
                .expect(200)
                .json();
        assertThat(Person.ids(page.path("messages"), "/seq")).containsExactly(13L, 14L, 15L, 16L, 17L);
        assertThat(page.path("hasMore").asBoolean()).isTrue();
        assertThat(page.path("hasNewer").asBoolean()).isTrue();
        JsonNode start = bob.api()
                .get(messages(direct) + "?around=2&limit=6")
                .expect(200)
                .json();
        assertThat(Person.ids(start.path("messages"), "/seq")).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(start.path("hasMore").asBoolean()).isFalse();
        JsonNode end = bob.api()
                .get(messages(direct) + "?around=30&limit=4")
                .expect(200)
                .json();
        // Near an end, the other side fills the page.
        assertThat(Person.ids(end.path("messages"), "/seq")).containsExactly(27L, 28L, 29L, 30L);
        assertThat(end.path("hasMore").asBoolean()).isTrue();
        assertThat(end.path("hasNewer").asBoolean()).isFalse();
        bob.api().get(messages(direct) + "?around=0").expectProblem(400, "invalid_parameter");
        bob.api().get(messages(direct) + "?around=3&before=5").expectProblem(400, "invalid_parameter");
    }

    @Test
    void mentionsResolveMembersAndEveryoneIsForOwnersAndAdmins() {
        Person owner = person("owner");
        Person bob = person("bob");
        Person carol = person("carol");
        Person outsider = person("outsider");
        long group = owner.createGroup("mentions", bob, carol);
        JsonNode named = bob.send(
                group,
                "@" + carol.username().toUpperCase() + " and @" + outsider.username() + " and mail@" + owner.username()
                        + " and @nobody_here.");
        assertThat(Person.ids(named.path("mentions"), "")).containsExactly(carol.id());
        assertThat(named.has("mentionsEveryone")).isFalse();
        assertThat(carol.listed(group).path("unreadMentions").asLong()).isEqualTo(1);
        assertThat(owner.listed(group).path("unreadMentions").asLong()).isZero();

        JsonNode plain = bob.send(group, "@everyone look");
        assertThat(plain.has("mentionsEveryone")).isFalse();
        assertThat(carol.listed(group).path("unreadMentions").asLong()).isEqualTo(1);

        JsonNode everyone = owner.send(group, "@everyone meeting");
        assertThat(everyone.path("mentionsEveryone").asBoolean()).isTrue();
        assertThat(carol.listed(group).path("unreadMentions").asLong()).isEqualTo(2);
        assertThat(bob.listed(group).path("unreadMentions").asLong()).isEqualTo(1);
        assertThat(owner.listed(group).path("unreadMentions").asLong()).isZero();

        // An edit resolves anew; a deletion forgets.
        JsonNode edited = bob.api()
                .patch(message(plain), Map.of("body", "@" + carol.username() + " look"))
                .expect(200)
                .json();
        assertThat(Person.ids(edited.path("mentions"), "")).containsExactly(carol.id());
        assertThat(carol.listed(group).path("unreadMentions").asLong()).isEqualTo(3);
        bob.api().delete(message(named)).expect(204);
        assertThat(carol.listed(group).path("unreadMentions").asLong()).isEqualTo(2);
        carol.api()
                .post("/api/conversations/" + group + "/read", Map.of("seq", 3))
                .expect(200);
        assertThat(carol.listed(group).path("unreadMentions").asLong()).isZero();
        assertThat(bySeq(carol, group, 3).path("mentionsEveryone").asBoolean()).isTrue();
    }

    @Test
    void readReceiptsReachTheOtherMembersThrottledAndOnlyBetweenSharers() {
        Person alice = person("alice");
        Person bob = person("bob");
        long direct = alice.befriend(bob);
        for (int i = 1; i <= 5; i++) {
            alice.send(direct, "m" + i);
        }
        String read = "/api/conversations/" + direct + "/read";
        try (StreamClient live = stream(alice, alice.cursorNow())) {
            for (int seq = 1; seq <= 5; seq++) {
                bob.api().post(read, Map.of("seq", seq)).expect(200);
            }
            // The first at once, then (throttled) the latest when the interval ends: never five.
            List<JsonNode> receipts = live.collect("member.read", 5, Duration.ofSeconds(3));
            assertThat(receipts).hasSizeBetween(1, 2);
            JsonNode last = receipts.getLast().path("data");
            assertThat(last.path("userId").asLong()).isEqualTo(bob.id());
            assertThat(last.path("conversationId").asLong()).isEqualTo(direct);
            assertThat(last.path("readSeq").asLong()).isEqualTo(5);
        }
        JsonNode reads = alice.api()
                .get("/api/conversations/" + direct + "/reads")
                .expect(200)
                .json();
        assertThat(Person.ids(reads.path("reads"), "/userId")).containsExactly(bob.id());
        assertThat(Person.ids(reads.path("reads"), "/readSeq")).containsExactly(5L);

        assertThat(alice.api()
                        .get("/api/me")
                        .expect(200)
                        .json()
                        .path("shareReadReceipts")
                        .asBoolean())
                .isTrue();
        JsonNode me = alice.api()
                .patch("/api/me", Map.of("shareReadReceipts", false))
                .expect(200)
                .json();
        assertThat(me.path("shareReadReceipts").asBoolean()).isFalse();
        assertThat(alice.api()
                        .get("/api/conversations/" + direct + "/reads")
                        .expect(200)
                        .json()
                        .path("reads"))
                .isEmpty();
        assertThat(bob.api()
                        .get("/api/conversations/" + direct + "/reads")
                        .expect(200)
                        .json()
                        .path("reads"))
                .isEmpty();
        bob.send(direct, "seen?");
        try (StreamClient aliceLive = stream(alice, alice.cursorNow());
                StreamClient bobLive = stream(bob, bob.cursorNow())) {
            alice.api().post(read, Map.of("seq", 6)).expect(200);
            alice.send(direct, "m7");
            bob.api().post(read, Map.of("seq", 7)).expect(200);
            assertThat(bobLive.collect("member.read", 1, Duration.ofSeconds(2))).isEmpty();
            assertThat(aliceLive.collect("member.read", 1, QUIET)).isEmpty();
        }
        person("stranger").api().get("/api/conversations/" + direct + "/reads").expectProblem(404, "not_found");
    }

    @Test
    void removedMembersSeeNoChangesAfterTheirRemoval() {
        Person owner = person("owner");
        Person bob = person("bob");
        Person carol = person("carol");
        long group = owner.createGroup("trio", bob, carol);
        String start = carol.cursorNow();
        JsonNode sent = bob.send(group, "before removal");
        owner.api().delete("/api/groups/" + group + "/members/" + carol.id()).expect(204);
        bob.api().patch(message(sent), Map.of("body", "after removal")).expect(200);
        owner.api().put(reaction(sent, "👍"), null).expect(204);
        bob.api().delete(message(sent)).expect(204);
        carol.api().patch(message(sent), Map.of("body", "x")).expectProblem(404, "not_found");
        carol.api().put(reaction(sent, "👍"), null).expectProblem(404, "not_found");
        carol.api().delete(message(sent)).expectProblem(404, "not_found");
        carol.api().get(message(sent) + "/versions").expectProblem(404, "not_found");
        try (StreamClient replay =
                StreamClient.open(Transport.SHORT_POLL, carol.api().baseUrl(), carol.token(), start)) {
            List<JsonNode> frames = new ArrayList<>();
            for (JsonNode frame; (frame = replay.next(Duration.ofSeconds(2))) != null; ) {
                frames.add(frame);
            }
            assertThat(frames)
                    .extracting(f -> f.path("type").asString())
                    .contains("message.created", "member.removed")
                    .doesNotContain("message.updated", "reaction.added", "message.deleted");
            // Erasure reaches back: even the copy carol's stream had is now the tombstone.
            assertThat(frames.toString()).doesNotContain("before removal");
        }
    }
}
