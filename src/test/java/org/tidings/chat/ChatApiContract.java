package org.tidings.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Api;
import org.tidings.testing.Person;
import org.tidings.testing.StreamClient;
import org.tidings.testing.StreamClient.Transport;
import tools.jackson.databind.JsonNode;

/** Messages, history, read pointers, typing and presence through the real server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ChatApiContract {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    Person person(String name) {
        return Person.signUp(port, name);
    }

    String messagesOf(long conversationId) {
        return "/api/conversations/" + conversationId + "/messages";
    }

    @Test
    void sendsMessagesWithServerTimeAndPagesHistory() {
        Person alice = person("alice");
        Person bob = person("bob");
        long direct = alice.befriend(bob);
        JsonNode first = alice.send(direct, "  hello bob  ");
        assertThat(first.path("body").asString()).isEqualTo("hello bob");
        assertThat(first.path("seq").asLong()).isEqualTo(1);
        assertThat(first.path("conversationId").asLong()).isEqualTo(direct);
        assertThat(first.path("sender").path("id").asLong()).isEqualTo(alice.id());
        assertThat(first.path("sender").path("username").asString()).isEqualTo(alice.username());
        assertThat(first.path("sentAt").asString()).endsWith("Z");
        bob.send(direct, "hi alice");
        alice.send(direct, "how are you?");

        JsonNode newest = bob.api().get(messagesOf(direct)).expect(200).json();
        assertThat(seqs(newest)).containsExactly(1L, 2L, 3L);
        assertThat(newest.path("hasMore").asBoolean()).isFalse();

        JsonNode page = bob.api()
                .get(messagesOf(direct) + "?before=3&limit=1")
                .expect(200)
                .json();
        assertThat(seqs(page)).containsExactly(2L);
        assertThat(page.path("hasMore").asBoolean()).isTrue();
        assertThat(seqs(bob.api()
                        .get(messagesOf(direct) + "?before=2")
                        .expect(200)
                        .json()))
                .containsExactly(1L);

        bob.api().get(messagesOf(direct) + "?limit=201").expectProblem(400, "invalid_parameter");
        bob.api().get(messagesOf(direct) + "?limit=0").expectProblem(400, "invalid_parameter");
        bob.api().get(messagesOf(direct) + "?before=0").expectProblem(400, "invalid_parameter");
        bob.api().get(messagesOf(direct) + "?before=abc").expectProblem(400, "invalid_parameter");
    }

    @Test
    void seqIsGaplessUnderConcurrentSenders() throws Exception {
        Person owner = person("owner");
        List<Person> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            members.add(person("member"));
        }
        long group = owner.createGroup("busy", members.toArray(Person[]::new));
        List<Callable<Long>> sends = new ArrayList<>();
        for (Person member : members) {
            for (int i = 0; i < 10; i++) {
                int n = i;
                sends.add(() -> member.send(group, "message " + n).path("seq").asLong());
            }
        }
        List<Long> seqs = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Long> f : pool.invokeAll(sends)) {
                seqs.add(f.get());
            }
        }
        assertThat(seqs).doesNotHaveDuplicates().hasSize(40);
        assertThat(seqs(owner.api()
                        .get(messagesOf(group) + "?limit=200")
                        .expect(200)
                        .json()))
                .containsExactlyElementsOf(
                        java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
    }

    @Test
    void retriedSendWithTheSameClientIdCreatesNothing() {
        Person alice = person("alice");
        Person bob = person("bob");
        long direct = alice.befriend(bob);
        String clientMsgId = UUID.randomUUID().toString();
        Map<String, String> body = Map.of("body", "only once", "clientMsgId", clientMsgId);
        JsonNode created =
                alice.api().post(messagesOf(direct), body).expect(201).json();
        JsonNode retried =
                alice.api().post(messagesOf(direct), body).expect(200).json();
        assertThat(retried).isEqualTo(created);
        assertThat(created.path("clientMsgId").asString()).isEqualTo(clientMsgId);
        assertThat(seqs(alice.api().get(messagesOf(direct)).json())).containsExactly(1L);

        long group = alice.createGroup("other", bob);
        alice.api().post(messagesOf(group), body).expectProblem(409, "client_msg_id_reused");
        // Another sender's ids are their own.
        bob.api().post(messagesOf(direct), body).expect(201);
        alice.api()
                .post(messagesOf(direct), Map.of("body", "x", "clientMsgId", "not-a-uuid"))
                .expectProblem(400, "validation_failed");
    }

    @Test
    void bodiesAreValidatedAndKeptAsText() {
        Person alice = person("alice");
        Person bob = person("bob");
        long direct = alice.befriend(bob);
        alice.api().post(messagesOf(direct), Map.of("body", "   \n ")).expectProblem(400, "validation_failed");
        alice.api().post(messagesOf(direct), Map.of()).expectProblem(400, "validation_failed");
        alice.api().post(messagesOf(direct), Map.of("body", "x".repeat(4001))).expectProblem(400, "validation_failed");
        alice.send(direct, "😀".repeat(4000));
        String script = "<script>alert('x')</script> & <b>bold</b>";
        assertThat(alice.send(direct, script).path("body").asString()).isEqualTo(script);
        alice.api().post(messagesOf(direct), "{\"body\": 5").expectProblem(400, "malformed_json");
    }

    @Test
    void onlyMembersMaySendOrRead() {
        Person alice = person("alice");
        Person bob = person("bob");
        Person mallory = person("mallory");
        long direct = alice.befriend(bob);
        alice.send(direct, "private");
        mallory.api().post(messagesOf(direct), Map.of("body", "let me in")).expectProblem(404, "not_found");
        mallory.api().get(messagesOf(direct)).expectProblem(404, "not_found");
        mallory.api()
                .post("/api/conversations/" + direct + "/read", Map.of("seq", 1))
                .expectProblem(404, "not_found");
        mallory.api().post(messagesOf(999_999_999), Map.of("body", "x")).expectProblem(404, "not_found");
        new Api(port).get(messagesOf(direct)).expectProblem(401, "unauthenticated");
    }

    @Test
    void blockedAndFormerFriendsCannotSend() {
        Person alice = person("alice");
        Person bob = person("bob");
        long direct = alice.befriend(bob);
        bob.api().post("/api/blocks", Map.of("username", alice.username())).expect(201);
        alice.api().post(messagesOf(direct), Map.of("body", "hello?")).expectProblem(403, "blocked");

        Person carol = person("carol");
        Person dave = person("dave");
        long other = carol.befriend(dave);
        carol.api().delete("/api/friends/" + dave.id()).expect(204);
        dave.api().post(messagesOf(other), Map.of("body", "still there?")).expectProblem(403, "not_friends");
    }

    @Test
    void floodsAreRateLimited() {
        Person alice = person("alice");
        Person bob = person("bob");
        long direct = alice.befriend(bob);
        Api.Response last = null;
        for (int i = 0; i < 200 && (last == null || last.status() == 201); i++) {
            last = alice.api().post(messagesOf(direct), Map.of("body", "spam " + i));
        }
        last.expectProblem(429, "rate_limited");
        assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();
    }

    @Test
    void readPointerMovesForwardOnlyAndDrivesUnread() {
        Person alice = person("alice");
        Person bob = person("bob");
        long direct = alice.befriend(bob);
        for (int i = 0; i < 3; i++) {
            alice.send(direct, "m" + i);
        }
        assertThat(bob.listed(direct).path("unreadCount").asLong()).isEqualTo(3);
        assertThat(bob.listed(direct).path("lastMessagePreview").asString()).isEqualTo("m2");
        String start = bob.cursorNow();

        JsonNode read = bob.api()
                .post("/api/conversations/" + direct + "/read", Map.of("seq", 2))
                .expect(200)
                .json();
        assertThat(read.path("readSeq").asLong()).isEqualTo(2);
        assertThat(read.path("unread").asLong()).isEqualTo(1);
        assertThat(bob.listed(direct).path("unreadCount").asLong()).isEqualTo(1);

        bob.api()
                .post("/api/conversations/" + direct + "/read", Map.of("seq", 1))
                .expect(200);
        assertThat(bob.listed(direct).path("unreadCount").asLong()).isEqualTo(1);
        bob.api()
                .post("/api/conversations/" + direct + "/read", Map.of("seq", 99))
                .expect(200);
        assertThat(bob.listed(direct).path("unreadCount").asLong()).isZero();
        assertThat(alice.listed(direct).path("unreadCount").asLong()).isZero();
        bob.api()
                .post("/api/conversations/" + direct + "/read", Map.of("seq", -1))
                .expectProblem(400, "validation_failed");

        // Bob's other tabs learn of both moves; Alice's stream carries none of Bob's reads.
        try (StreamClient tab =
                StreamClient.open(Transport.SHORT_POLL, bob.api().baseUrl(), bob.token(), start)) {
            List<JsonNode> reads = tab.collect("conversation.read", 2, WAIT);
            assertThat(reads)
                    .extracting(r -> r.path("data").path("readSeq").asLong())
                    .containsExactly(2L, 3L);
        }
    }

    @Test
    void removedMembersGetNothingAfterTheirRemoval() {
        Person alice = person("alice");
        Person bob = person("bob");
        Person carol = person("carol");
        long group = alice.createGroup("trio", bob, carol);
        String carolStart = carol.cursorNow();
        try (StreamClient live =
                StreamClient.open(Transport.WEBSOCKET, carol.api().baseUrl(), carol.token(), carolStart)) {
            alice.send(group, "before");
            assertThat(live.collect("message.created", 1, WAIT)).hasSize(1);
            alice.api()
                    .delete("/api/groups/" + group + "/members/" + carol.id())
                    .expect(204);
            assertThat(live.collect("member.removed", 1, WAIT)).hasSize(1);
            alice.send(group, "after");
            bob.send(group, "after too");
            assertThat(live.collect("message.created", 1, Duration.ofMillis(500)))
                    .isEmpty();
        }
        try (StreamClient replay =
                StreamClient.open(Transport.SHORT_POLL, carol.api().baseUrl(), carol.token(), carolStart)) {
            List<JsonNode> messages = replay.collect("message.created", 3, Duration.ofSeconds(2));
            assertThat(messages)
                    .extracting(m -> m.path("data").path("body").asString())
                    .containsExactly("before");
        }
        carol.api().get(messagesOf(group)).expectProblem(404, "not_found");
    }

    @Test
    void offlineRecipientsGetTheirMessagesWhenTheyReturn() {
        Person alice = person("alice");
        Person bob = person("bob");
        long direct = alice.befriend(bob);
        String bobLeftAt = bob.cursorNow();
        alice.send(direct, "while you were out 1");
        alice.send(direct, "while you were out 2");
        try (StreamClient back = StreamClient.open(Transport.SSE, bob.api().baseUrl(), bob.token(), bobLeftAt)) {
            assertThat(back.collect("message.created", 2, WAIT))
                    .extracting(m -> m.path("data").path("seq").asLong())
                    .containsExactly(1L, 2L);
        }
    }

    @Test
    void webSocketClientsSendWithAcksAndErrors() {
        Person alice = person("alice");
        Person bob = person("bob");
        long direct = alice.befriend(bob);
        try (StreamClient ws =
                StreamClient.open(Transport.WEBSOCKET, alice.api().baseUrl(), alice.token(), null)) {
            ws.collect("stream.ready", 1, WAIT);
            String clientMsgId = UUID.randomUUID().toString();
            ws.sendText(Api.JSON.writeValueAsString(Map.of(
                    "type", "send", "conversationId", direct, "body", "over the socket", "clientMsgId", clientMsgId)));
            // The event may come before or after the ack: both must come.
            List<JsonNode> frames = new ArrayList<>();
            for (JsonNode f; frames.size() < 2 && (f = ws.next(WAIT)) != null; ) {
                frames.add(f);
            }
            assertThat(frames)
                    .extracting(f -> f.path("type").asString())
                    .containsExactlyInAnyOrder("ack", "message.created");
            JsonNode ack = frames.stream()
                    .filter(f -> f.path("type").asString().equals("ack"))
                    .findFirst()
                    .orElseThrow();
            assertThat(ack.path("clientMsgId").asString()).isEqualTo(clientMsgId);
            assertThat(ack.path("message").path("seq").asLong()).isEqualTo(1);
            JsonNode created = frames.stream()
                    .filter(f -> f.path("type").asString().equals("message.created"))
                    .findFirst()
                    .orElseThrow();
            assertThat(ack.path("message"))
                    .as("the ack carries the message as its event does")
                    .isEqualTo(created.path("data"));
            // A retry stores nothing and emits nothing; its ack still carries the message.
            ws.sendText(Api.JSON.writeValueAsString(Map.of(
                    "type", "send", "conversationId", direct, "body", "over the socket", "clientMsgId", clientMsgId)));
            assertThat(ws.collect("ack", 1, WAIT).getFirst().path("message")).isEqualTo(created.path("data"));

            ws.sendText(
                    Api.JSON.writeValueAsString(Map.of("type", "send", "conversationId", 999_999_999, "body", "x")));
            assertThat(ws.collect("error", 1, WAIT).getFirst().path("code").asString())
                    .isEqualTo("not_found");
            ws.sendText("{nonsense");
            assertThat(ws.collect("error", 1, WAIT).getFirst().path("code").asString())
                    .isEqualTo("malformed_json");
            ws.sendText("{\"type\":\"launch\"}");
            assertThat(ws.collect("error", 1, WAIT).getFirst().path("code").asString())
                    .isEqualTo("unknown_command");
        }
    }

    /**
     * Sends written back to back without waiting: each gets its own reply, in the order sent
     * (one command at a time per socket), the acks numbered gaplessly; past the burst the rate
     * limit refuses them (echoing their clientMsgId) but for what it refills, and every ack is stored.
     */
    @Test
    void webSocketSendsBackToBackAreAnsweredInOrderUntilTheRateLimit() {
        Person alice = person("alice");
        Person bob = person("bob");
        long direct = alice.befriend(bob);
        // Well past the burst (30) even if the refill (10/s) adds some while they are stored.
        int sends = 100;
        List<String> ids = new ArrayList<>();
        try (StreamClient ws =
                StreamClient.open(Transport.WEBSOCKET, alice.api().baseUrl(), alice.token(), null)) {
            ws.collect("stream.ready", 1, WAIT);
            ws.sendText(Api.JSON.writeValueAsString(
                    Map.of("type", "send", "conversationId", direct, "body", "   ", "clientMsgId", "not-sent")));
            for (int i = 0; i < sends; i++) {
                ids.add(UUID.randomUUID().toString());
                ws.sendText(Api.JSON.writeValueAsString(Map.of(
                        "type", "send", "conversationId", direct, "body", "burst " + i, "clientMsgId", ids.get(i))));
            }
            List<JsonNode> replies = new ArrayList<>();
            for (JsonNode f; replies.size() < sends + 1 && (f = ws.next(WAIT)) != null; ) {
                if (!f.path("type").asString().equals("message.created")) {
                    replies.add(f);
                }
            }
            assertThat(replies).hasSize(sends + 1);
            assertThat(replies.getFirst().path("code").asString()).isEqualTo("validation_failed");
            assertThat(replies.getFirst().path("clientMsgId").asString()).isEqualTo("not-sent");
            List<JsonNode> answers = replies.subList(1, replies.size());
            int acked = 0;
            for (int i = 0; i < sends; i++) {
                JsonNode answer = answers.get(i);
                assertThat(answer.path("clientMsgId").asString()).isEqualTo(ids.get(i));
                if (answer.path("type").asString().equals("ack")) {
                    acked++;
                    assertThat(answer.path("message").path("seq").asLong()).isEqualTo(acked);
                } else {
                    assertThat(answer.path("code").asString()).isEqualTo("rate_limited");
                }
            }
            assertThat(acked)
                    .as("the burst passes, the flood does not")
                    .isGreaterThan(0)
                    .isLessThan(sends);
            JsonNode conversation =
                    alice.api().get("/api/conversations/" + direct).expect(200).json();
            assertThat(conversation.path("lastSeq").asLong()).isEqualTo(acked);
        }
    }

    @Test
    void typingReachesTheOtherMembersOnly() {
        Person alice = person("alice");
        Person bob = person("bob");
        long direct = alice.befriend(bob);
        try (StreamClient bobs =
                        StreamClient.open(Transport.WEBSOCKET, bob.api().baseUrl(), bob.token(), null);
                StreamClient alices =
                        StreamClient.open(Transport.WEBSOCKET, alice.api().baseUrl(), alice.token(), null)) {
            bobs.collect("stream.ready", 1, WAIT);
            alices.collect("stream.ready", 1, WAIT);
            alice.api().post("/api/conversations/" + direct + "/typing").expect(204);
            JsonNode typing = bobs.collect("typing", 1, WAIT).getFirst();
            assertThat(typing.path("data").path("userId").asLong()).isEqualTo(alice.id());
            assertThat(typing.has("id")).isFalse();
            assertThat(alices.collect("typing", 1, Duration.ofMillis(300))).isEmpty();
        }
    }

    @Test
    void friendsSeeEachOtherComeAndGo() {
        Person alice = person("alice");
        Person bob = person("bob");
        alice.befriend(bob);
        try (StreamClient bobs =
                StreamClient.open(Transport.WEBSOCKET, bob.api().baseUrl(), bob.token(), null)) {
            bobs.collect("stream.ready", 1, WAIT);
            StreamClient alices = StreamClient.open(Transport.SSE, alice.api().baseUrl(), alice.token(), null);
            JsonNode online = bobs.collect("presence.changed", 1, WAIT).getFirst();
            assertThat(online.path("data").path("userId").asLong()).isEqualTo(alice.id());
            assertThat(online.path("data").path("online").asBoolean()).isTrue();
            assertThat(bob.api()
                            .get("/api/presence")
                            .expect(200)
                            .json()
                            .path("online")
                            .toString())
                    .contains(Long.toString(alice.id()));
            alices.close();
            JsonNode offline = bobs.collect("presence.changed", 1, WAIT).getFirst();
            assertThat(offline.path("data").path("online").asBoolean()).isFalse();
        }
    }

    private static List<Long> seqs(JsonNode page) {
        List<Long> seqs = new ArrayList<>();
        page.path("messages").forEach(m -> seqs.add(m.path("seq").asLong()));
        return seqs;
    }
}
