package org.tidings.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.stream.EventLog;
import org.tidings.testing.Api;
import org.tidings.testing.OneBatch;
import org.tidings.testing.Person;
import org.tidings.testing.StreamClient;
import org.tidings.testing.StreamClient.Transport;
import tools.jackson.databind.JsonNode;

/**
 * Sends that the single writer stores in one batch (one transaction, shared statements) answer
 * exactly as if each had been sent alone. The test holds the writer inside a write until every
 * send of the batch is queued behind it, so they are drained together; sharing one commit shows
 * as one {@code sentAt} (the transaction's time).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class SendBatchContract {

    @LocalServerPort
    int port;

    @Autowired
    EventLog log;

    Person person(String name) {
        return Person.signUp(port, name);
    }

    @Test
    void refusedSendsFailAloneWhileTheRestOfTheBatchCommits() throws Exception {
        Person alice = person("alice");
        Person bob = person("bob");
        Person carol = person("carol");
        Person dave = person("dave");
        long group = alice.createGroup("team", bob);
        long direct = carol.befriend(dave);
        dave.block(carol).expect(201);

        List<Api.Response> answers = inOneBatch(List.of(
                () -> post(alice, group, "one", null),
                () -> post(carol, group, "not a member", null),
                () -> post(bob, group, "two", null),
                () -> post(carol, direct, "blocked", null),
                () -> post(alice, group, "three", null)));

        assertThat(answers.get(1).expectProblem(404, "not_found")).isNotNull();
        assertThat(answers.get(3).expectProblem(403, "blocked")).isNotNull();
        List<JsonNode> stored = List.of(
                answers.get(0).expect(201).json(),
                answers.get(2).expect(201).json(),
                answers.get(4).expect(201).json());
        assertThat(seqsOf(stored)).containsExactlyInAnyOrder(1L, 2L, 3L);
        assertOneCommit(stored);
        assertThat(seqsOf(history(alice, group))).containsExactly(1L, 2L, 3L);
        assertThat(history(carol, direct)).isEmpty();
        // The senders' read pointers moved to their own latest message, once each.
        long bobsSeq = stored.get(1).path("seq").asLong();
        assertThat(bob.listed(group).path("unreadCount").asLong()).isEqualTo(3 - bobsSeq);
        long alicesLast = Math.max(
                stored.get(0).path("seq").asLong(), stored.get(2).path("seq").asLong());
        assertThat(alice.listed(group).path("unreadCount").asLong()).isEqualTo(3 - alicesLast);
    }

    @Test
    void aBatchMixingConversationsNumbersEachOnItsOwn() throws Exception {
        Person alice = person("alice");
        Person bob = person("bob");
        long first = alice.createGroup("first", bob);
        long second = alice.createGroup("second", bob);
        long direct = alice.befriend(bob);
        alice.send(second, "before the batch");

        List<Api.Response> answers = inOneBatch(List.of(
                () -> post(alice, first, "f1", null),
                () -> post(bob, second, "s1", null),
                () -> post(alice, direct, "d1", null),
                () -> post(bob, first, "f2", null),
                () -> post(alice, second, "s2", null),
                () -> post(bob, first, "f3", null)));

        List<JsonNode> stored = new ArrayList<>();
        answers.forEach(answer -> stored.add(answer.expect(201).json()));
        assertOneCommit(stored);
        assertThat(seqsOf(history(bob, first))).containsExactly(1L, 2L, 3L);
        assertThat(seqsOf(history(bob, second))).containsExactly(1L, 2L, 3L);
        assertThat(seqsOf(history(bob, direct))).containsExactly(1L);
        for (long conversation : List.of(first, second, direct)) {
            List<JsonNode> messages = history(bob, conversation);
            JsonNode listed = bob.listed(conversation);
            assertThat(listed.path("lastSeq").asLong()).isEqualTo(messages.size());
            // The preview is the conversation's last message, however the batch interleaved.
            assertThat(listed.path("lastMessagePreview").asString())
                    .isEqualTo(messages.getLast().path("body").asString());
        }
    }

    @Test
    void aRetryInTheSameBatchAsItsOriginalGetsTheOriginal() throws Exception {
        Person alice = person("alice");
        Person bob = person("bob");
        long group = alice.createGroup("team", bob);
        long other = alice.createGroup("other", bob);
        String key = UUID.randomUUID().toString();
        String reused = UUID.randomUUID().toString();

        List<Api.Response> answers = inOneBatch(List.of(
                () -> post(alice, group, "once", key),
                () -> post(alice, group, "once", key),
                () -> post(bob, group, "first use", reused),
                () -> post(bob, other, "second use", reused)));

        Set<Integer> statuses =
                new HashSet<>(List.of(answers.get(0).status(), answers.get(1).status()));
        assertThat(statuses).containsExactlyInAnyOrder(201, 200);
        JsonNode a = answers.get(0).json();
        JsonNode b = answers.get(1).json();
        assertThat(a.path("id").asLong()).isEqualTo(b.path("id").asLong());
        assertThat(a.path("seq").asLong()).isEqualTo(b.path("seq").asLong());
        assertThat(a.path("clientMsgId").asString()).isEqualTo(key);
        // Whichever of Bob's two came first was stored; the other reused its id elsewhere.
        Api.Response firstUse = answers.get(2).status() == 201 ? answers.get(2) : answers.get(3);
        Api.Response secondUse = firstUse == answers.get(2) ? answers.get(3) : answers.get(2);
        assertThat(firstUse.status()).isEqualTo(201);
        secondUse.expectProblem(409, "client_msg_id_reused");
        assertThat(history(alice, group).size() + history(alice, other).size()).isEqualTo(2);
    }

    @Test
    void repliesAndMentionsAreStoredWithTheirMessageAndABadReplyFailsOnlyItsSend() throws Exception {
        Person owner = person("owner");
        Person bob = person("bob");
        Person carol = person("carol");
        Person dave = person("dave");
        long group = owner.createGroup("team", bob, carol, dave);
        long other = owner.createGroup("other", bob);
        JsonNode question = owner.send(group, "the question?");
        JsonNode elsewhere = owner.send(other, "in another conversation");
        JsonNode gone = owner.send(group, "gone soon");
        owner.api().delete(path(gone)).expect(204);

        // Carol sends nothing, so her read pointer stays put and every mention of her counts.
        List<Api.Response> answers = inOneBatch(List.of(
                () -> post(owner, group, "@everyone meeting", null, null),
                () -> post(bob, group, "@" + carol.username() + " see this", null, idOf(question)),
                () -> post(dave, group, "@everyone from a member", null, null),
                () -> post(bob, group, "not here", null, idOf(elsewhere)),
                () -> post(dave, group, "too late", null, idOf(gone)),
                () -> post(bob, group, "plain", null, null)));

        answers.get(3).expectProblem(400, "reply_not_found");
        answers.get(4).expectProblem(409, "message_deleted");
        List<JsonNode> stored = List.of(
                answers.get(0).expect(201).json(),
                answers.get(1).expect(201).json(),
                answers.get(2).expect(201).json(),
                answers.get(5).expect(201).json());
        assertOneCommit(stored);
        assertThat(seqsOf(stored)).containsExactlyInAnyOrder(3L, 4L, 5L, 6L);
        // What the sender got back is what everyone reads later.
        for (JsonNode sent : stored) {
            JsonNode read = history(carol, group).stream()
                    .filter(m -> m.path("id").asLong() == sent.path("id").asLong())
                    .findFirst()
                    .orElseThrow();
            assertThat(read.path("replyTo")).isEqualTo(sent.path("replyTo"));
            assertThat(read.path("mentions")).isEqualTo(sent.path("mentions"));
            assertThat(read.path("mentionsEveryone")).isEqualTo(sent.path("mentionsEveryone"));
        }
        assertThat(stored.get(0).path("mentionsEveryone").asBoolean()).isTrue();
        JsonNode reply = stored.get(1);
        assertThat(reply.path("replyTo").path("id").asLong()).isEqualTo(idOf(question));
        assertThat(reply.path("replyTo").path("preview").asString()).isEqualTo("the question?");
        assertThat(Person.ids(reply.path("mentions"), "")).containsExactly(carol.id());
        assertThat(reply.has("mentionsEveryone")).isFalse();
        // @everyone from a member stays plain text.
        assertThat(stored.get(2).has("mentionsEveryone")).isFalse();
        assertThat(stored.get(3).has("replyTo")).isFalse();
        assertThat(carol.listed(group).path("unreadMentions").asLong()).isEqualTo(2);
        assertThat(owner.listed(group).path("unreadMentions").asLong()).isZero();
    }

    @Test
    void deletingAMessageOfABatchErasesItsOwnEventOnly() throws Exception {
        Person alice = person("alice");
        Person bob = person("bob");
        long direct = alice.befriend(bob);
        String before = bob.cursorNow();
        String asked = "asked" + UUID.randomUUID();
        String secret = "secret" + UUID.randomUUID();
        JsonNode question = alice.send(direct, asked);

        List<Api.Response> answers = inOneBatch(List.of(
                () -> post(alice, direct, "keep one", null, null),
                () -> post(alice, direct, secret, null, null),
                () -> post(bob, direct, "the answer", null, idOf(question)),
                () -> post(bob, direct, "keep two", null, null)));
        List<JsonNode> stored = new ArrayList<>();
        answers.forEach(answer -> stored.add(answer.expect(201).json()));
        assertOneCommit(stored);
        alice.api().delete(path(stored.get(1))).expect(204);
        alice.api().delete(path(question)).expect(204);

        // The batch's message.created events share their commit time; erasure rewrites the
        // deleted message's own event and the quote in the reply's, and leaves the others.
        try (StreamClient replay = StreamClient.open(Transport.SSE, bob.api().baseUrl(), bob.token(), before)) {
            List<JsonNode> created = replay.collect("message.created", 5, Duration.ofSeconds(10));
            assertThat(created).hasSize(5);
            assertThat(created.toString()).doesNotContain(asked).doesNotContain(secret);
            for (JsonNode event : created) {
                JsonNode data = event.path("data");
                long id = data.path("id").asLong();
                boolean erased = id == idOf(question) || id == idOf(stored.get(1));
                assertThat(data.path("deleted").asBoolean())
                        .as("message %d", id)
                        .isEqualTo(erased);
                if (id == idOf(stored.get(2))) {
                    assertThat(data.path("body").asString()).isEqualTo("the answer");
                    assertThat(data.path("replyTo").path("deleted").asBoolean()).isTrue();
                } else if (!erased) {
                    assertThat(data.path("body").asString()).startsWith("keep");
                }
            }
        }
    }

    private List<Api.Response> inOneBatch(List<Supplier<Api.Response>> sends) throws Exception {
        List<Callable<Api.Response>> calls = new ArrayList<>();
        sends.forEach(send -> calls.add(send::get));
        List<Api.Response> responses = new ArrayList<>();
        for (Future<Api.Response> answer : OneBatch.run(log, calls)) {
            responses.add(answer.get());
        }
        return responses;
    }

    private static Api.Response post(Person sender, long conversation, String body, String clientMsgId) {
        return post(sender, conversation, body, clientMsgId, null);
    }

    private static Api.Response post(Person sender, long conversation, String body, String clientMsgId, Long replyTo) {
        Map<String, Object> message = new HashMap<>();
        message.put("body", body);
        if (clientMsgId != null) {
            message.put("clientMsgId", clientMsgId);
        }
        if (replyTo != null) {
            message.put("replyTo", replyTo);
        }
        return sender.api().post("/api/conversations/" + conversation + "/messages", message);
    }

    private static String path(JsonNode message) {
        return "/api/conversations/" + message.path("conversationId").asLong() + "/messages/"
                + message.path("id").asLong();
    }

    private static long idOf(JsonNode message) {
        return message.path("id").asLong();
    }

    private static List<JsonNode> history(Person reader, long conversation) {
        List<JsonNode> messages = new ArrayList<>();
        reader.api()
                .get("/api/conversations/" + conversation + "/messages")
                .expect(200)
                .json()
                .path("messages")
                .forEach(messages::add);
        return messages;
    }

    private static List<Long> seqsOf(List<JsonNode> messages) {
        return messages.stream().map(m -> m.path("seq").asLong()).toList();
    }

    /** Everything in one transaction shares its commit time. */
    private static void assertOneCommit(List<JsonNode> stored) {
        assertThat(stored.stream().map(m -> m.path("sentAt").asString()).distinct())
                .hasSize(1);
    }
}
