package org.tidings.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.stream.EventLog;
import org.tidings.testing.Api;
import org.tidings.testing.Person;
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

    /**
     * Sends the requests while the writer is held inside another write, waits until all of them
     * are queued behind it, then lets the writer go: they are drained as one batch.
     */
    private List<Api.Response> inOneBatch(List<Supplier<Api.Response>> sends) throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> hold = threads.submit(() -> log.write(tx -> {
                holding.countDown();
                try {
                    return release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (Supplier<Api.Response> send : sends) {
                answers.add(threads.submit(send::get));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (log.waiting() < sends.size()) {
                assertThat(System.nanoTime())
                        .as("sends queued behind the writer")
                        .isLessThan(deadline);
                Thread.sleep(5);
            }
            release.countDown();
            hold.get(10, TimeUnit.SECONDS);
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> answer : answers) {
                responses.add(answer.get(20, TimeUnit.SECONDS));
            }
            return responses;
        }
    }

    private static Api.Response post(Person sender, long conversation, String body, String clientMsgId) {
        Map<String, Object> message =
                clientMsgId == null ? Map.of("body", body) : Map.of("body", body, "clientMsgId", clientMsgId);
        return sender.api().post("/api/conversations/" + conversation + "/messages", message);
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
