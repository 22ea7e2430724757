package org.tidings.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * The exactly-once workload: many senders post into shared groups and direct conversations
 * while receivers follow their streams, dropping their connections at random and switching
 * transport each time, resuming from the last event they processed. In the end every receiver
 * must hold every message of its conversations once, in seq order, and its whole stream must
 * be strictly increasing in position: nothing lost, nothing doubled, across any chaos the
 * caller injects (killing the server, say).
 *
 * <p>Senders also change what they sent: they edit some of their messages, delete others and
 * react to some. Each receiver rebuilds its conversations from its events alone, and the result
 * must equal the server's history: the same bodies, the same tombstones, the same reactions.
 */
public final class ExactlyOnceWorkload {

    public record Config(int senders, int messagesPerSender, int receivers, Duration deadline) {}

    private final Config config;
    private final Supplier<String> baseUrl;
    private final Map<Long, Set<Long>> ackedByConversation = new ConcurrentHashMap<>();
    private final AtomicInteger acked = new AtomicInteger();
    private volatile boolean sending = true;

    /** {@code baseUrl} is asked for each new connection, so a cluster test can spread clients. */
    public ExactlyOnceWorkload(Config config, Supplier<String> baseUrl) {
        this.config = config;
        this.baseUrl = baseUrl;
    }

    private record Receiver(Person person, Set<Long> conversations, String start, List<JsonNode> events) {}

    /** Runs the workload; {@code chaos} runs once, on its own thread, when half is sent. */
    public void run(Runnable chaos) throws InterruptedException {
        int port = Integer.parseInt(baseUrl.get().replaceAll(".*:", ""));
        List<Person> senders = new ArrayList<>();
        List<Person> receivers = new ArrayList<>();
        for (int i = 0; i < config.senders(); i++) {
            senders.add(Person.signUp(port, "sender"));
        }
        for (int i = 0; i < config.receivers(); i++) {
            receivers.add(Person.signUp(port, "receiver"));
        }
        // Two overlapping groups, each with half the senders; every sender also has a friend.
        int half = config.senders() / 2;
        int overlapFrom = config.receivers() * 2 / 5;
        int overlapTo = config.receivers() * 3 / 5;
        long groupA = senders.get(0)
                .createGroup(
                        "A",
                        concat(senders.subList(1, half), receivers.subList(0, overlapTo))
                                .toArray(Person[]::new));
        long groupB = senders.get(half)
                .createGroup(
                        "B",
                        concat(
                                        senders.subList(half + 1, senders.size()),
                                        receivers.subList(overlapFrom, receivers.size()))
                                .toArray(Person[]::new));
        Map<Integer, Long> directOf = new HashMap<>();
        for (int i = 0; i < config.senders(); i++) {
            directOf.put(i, senders.get(i).befriend(receivers.get(i % receivers.size())));
        }

        List<Receiver> followers = new ArrayList<>();
        for (int r = 0; r < receivers.size(); r++) {
            Set<Long> theirs = new LinkedHashSet<>();
            if (r < overlapTo) {
                theirs.add(groupA);
            }
            if (r >= overlapFrom) {
                theirs.add(groupB);
            }
            for (int s = 0; s < config.senders(); s++) {
                if (s % receivers.size() == r) {
                    theirs.add(directOf.get(s));
                }
            }
            Person person = receivers.get(r);
            followers.add(new Receiver(person, theirs, person.cursorNow(), new ArrayList<>()));
        }

        List<Thread> receiverThreads = followers.stream()
                .map(f -> Thread.ofVirtual().name("receiver-" + f.person().id()).start(() -> follow(f)))
                .toList();
        Thread chaosThread = Thread.ofVirtual().start(() -> {
            int total = config.senders() * config.messagesPerSender();
            while (acked.get() < total / 2 && sending) {
                sleep(20);
            }
            chaos.run();
        });
        List<Thread> senderThreads = new ArrayList<>();
        for (int s = 0; s < senders.size(); s++) {
            Person sender = senders.get(s);
            long group = s < half ? groupA : groupB;
            long direct = directOf.get(s);
            senderThreads.add(Thread.ofVirtual().start(() -> send(sender, group, direct)));
        }
        // One deadline for the whole run, with progress printed so a timeout says where it stuck.
        long runDeadline = System.nanoTime() + config.deadline().toNanos();
        for (Thread t : senderThreads) {
            while (t.isAlive() && System.nanoTime() < runDeadline) {
                t.join(5_000);
                System.out.printf(
                        "exactly-once: acked %d of %d%n", acked.get(), config.senders() * config.messagesPerSender());
            }
        }
        sending = false;
        chaosThread.join(Math.max(1, (runDeadline - System.nanoTime()) / 1_000_000));
        assertThat(acked.get())
                .as("every send was acknowledged")
                .isEqualTo(config.senders() * config.messagesPerSender());

        Map<Long, Long> lastSeq = new HashMap<>();
        Map<Long, Map<Long, Shown>> history = new HashMap<>();
        for (long conversation : ackedByConversation.keySet()) {
            lastSeq.put(conversation, newestSeq(senders, conversation));
            history.put(conversation, history(senders, conversation));
        }
        long deadline = System.nanoTime() + config.deadline().toNanos();
        System.out.printf("exactly-once: all sent; waiting for %d receivers%n", followers.size());
        for (int i = 0; i < followers.size(); i++) {
            Receiver follower = followers.get(i);
            while (!(complete(follower, lastSeq) && rebuilt(follower).equals(expected(follower, history)))
                    && System.nanoTime() < deadline) {
                sleep(50);
            }
            receiverThreads.get(i).interrupt();
        }
        for (Thread t : receiverThreads) {
            t.join(10_000);
        }
        for (Receiver follower : followers) {
            verify(follower, lastSeq);
            assertThat(rebuilt(follower))
                    .as(
                            "receiver %s: state rebuilt from events equals the server's history",
                            follower.person().id())
                    .isEqualTo(expected(follower, history));
        }
    }

    /** A message as a member sees it: its body (null for a tombstone) and who reacted with what. */
    record Shown(String body, boolean deleted, Map<String, Set<Long>> reactions) {}

    private static Map<Long, Map<Long, Shown>> expected(Receiver receiver, Map<Long, Map<Long, Shown>> history) {
        Map<Long, Map<Long, Shown>> expected = new HashMap<>();
        for (long conversation : receiver.conversations()) {
            expected.put(conversation, history.getOrDefault(conversation, Map.of()));
        }
        return expected;
    }

    /** The receiver's conversations rebuilt from its events only, as docs/api.md says a client does. */
    private static Map<Long, Map<Long, Shown>> rebuilt(Receiver receiver) {
        Map<Long, Map<Long, Shown>> state = new HashMap<>();
        receiver.conversations().forEach(c -> state.put(c, new HashMap<>()));
        List<JsonNode> events;
        synchronized (receiver.events()) {
            events = List.copyOf(receiver.events());
        }
        for (JsonNode event : events) {
            JsonNode data = event.path("data");
            Map<Long, Shown> messages = state.get(data.path("conversationId").asLong());
            if (messages == null) {
                continue;
            }
            switch (event.path("type").asString()) {
                case "message.created" -> {
                    boolean deleted = data.path("deleted").asBoolean();
                    messages.put(
                            data.path("id").asLong(),
                            new Shown(deleted ? null : data.path("body").asString(), deleted, new HashMap<>()));
                }
                case "message.updated" -> {
                    Shown old = messages.get(data.path("id").asLong());
                    if (old != null && !data.path("deleted").asBoolean()) {
                        messages.put(
                                data.path("id").asLong(),
                                new Shown(data.path("body").asString(), false, old.reactions()));
                    }
                }
                case "message.deleted" ->
                    messages.put(data.path("id").asLong(), new Shown(null, true, new HashMap<>()));
                case "reaction.added", "reaction.removed" -> {
                    Shown old = messages.get(data.path("messageId").asLong());
                    if (old == null) {
                        continue;
                    }
                    Set<Long> users =
                            old.reactions().computeIfAbsent(data.path("emoji").asString(), e -> new TreeSet<>());
                    if (event.path("type").asString().equals("reaction.added")) {
                        users.add(data.path("userId").asLong());
                    } else {
                        users.remove(data.path("userId").asLong());
                        if (users.isEmpty()) {
                            old.reactions().remove(data.path("emoji").asString());
                        }
                    }
                }
                default -> {}
            }
        }
        return state;
    }

    /** The whole history of a conversation, read through the API by one of its senders. */
    private Map<Long, Shown> history(List<Person> senders, long conversation) {
        for (Person sender : senders) {
            Api api = new Api(baseUrl.get()).bearer(sender.token());
            String path = "/api/conversations/" + conversation + "/messages?limit=200";
            if (api.get(path).status() != 200) {
                continue;
            }
            Map<Long, Shown> messages = new HashMap<>();
            String page = path;
            while (page != null) {
                JsonNode json = api.get(page).expect(200).json();
                long oldest = Long.MAX_VALUE;
                for (JsonNode m : json.path("messages")) {
                    oldest = Math.min(oldest, m.path("seq").asLong());
                    Map<String, Set<Long>> reactions = new HashMap<>();
                    for (JsonNode r : m.path("reactions")) {
                        Set<Long> users = new TreeSet<>();
                        r.path("userIds").forEach(u -> users.add(u.asLong()));
                        reactions.put(r.path("emoji").asString(), users);
                    }
                    boolean deleted = m.path("deleted").asBoolean();
                    messages.put(
                            m.path("id").asLong(),
                            new Shown(deleted ? null : m.path("body").asString(), deleted, reactions));
                }
                page = json.path("hasMore").asBoolean() ? path + "&before=" + oldest : null;
            }
            return messages;
        }
        throw new AssertionError("No sender can read conversation " + conversation);
    }

    private void send(Person sender, long group, long direct) {
        Api api = new Api(baseUrl.get()).bearer(sender.token());
        Map<Long, List<Long>> mine = new HashMap<>();
        for (int n = 0; n < config.messagesPerSender(); n++) {
            long conversation = n % 3 == 2 ? direct : group;
            Map<String, Object> body = Map.of(
                    "body",
                    "m" + n + " from " + sender.username(),
                    "clientMsgId",
                    UUID.randomUUID().toString());
            while (true) {
                Api.Response response;
                try {
                    response = api.post("/api/conversations/" + conversation + "/messages", body);
                } catch (IllegalStateException e) {
                    // Server down: retry the same clientMsgId, the way a real client must.
                    sleep(100);
                    api = new Api(baseUrl.get()).bearer(sender.token());
                    continue;
                }
                if (response.status() == 201 || response.status() == 200) {
                    long id = response.json().path("id").asLong();
                    ackedByConversation
                            .computeIfAbsent(conversation, c -> ConcurrentHashMap.newKeySet())
                            .add(id);
                    acked.incrementAndGet();
                    mine.computeIfAbsent(conversation, c -> new ArrayList<>()).add(id);
                    change(api, sender, conversation, mine.get(conversation), n);
                    break;
                }
                if (response.status() != 429 && response.status() < 500) {
                    throw new AssertionError("send failed: " + response.status() + " " + response.body());
                }
                sleep(50);
            }
        }
    }

    // The changes a sender makes, by the number of its send: every few messages an earlier one of
    // the same conversation is edited, reacted to (and sometimes un-reacted), or deleted: about one
    // change for every three messages, so the sends keep most of the server. Deleted messages are
    // never the target of a later change, so every change is meant to succeed.
    private static final String[] EMOJI = {"👍", "🎉", "👩‍💻", "🇫🇷"};

    private void change(Api api, Person sender, long conversation, List<Long> mine, int n) {
        if (mine.size() < 2) {
            return;
        }
        String base = "/api/conversations/" + conversation + "/messages/";
        // Index k of this conversation's messages: deleted when k % 10 == 1, else a possible target.
        int k = mine.size() - 2;
        long target = mine.get(k);
        if (k % 10 == 1) {
            perform(api, sender, "DELETE", base + target, null);
            return;
        }
        if (n % 8 == 0) {
            perform(api, sender, "PATCH", base + target, Map.of("body", "edited " + n + " by " + sender.username()));
        }
        if (n % 7 == 0) {
            String emoji = java.net.URLEncoder.encode(EMOJI[n % EMOJI.length], java.nio.charset.StandardCharsets.UTF_8);
            perform(api, sender, "PUT", base + target + "/reactions/" + emoji, null);
            if (n % 21 == 0) {
                perform(api, sender, "DELETE", base + target + "/reactions/" + emoji, null);
            }
        }
    }

    /** Repeats the change until the server accepts it: each one is idempotent, so a retry is safe. */
    private void perform(Api first, Person sender, String method, String path, Object body) {
        Api api = first;
        while (true) {
            Api.Response response;
            try {
                response = api.send(method, path, body);
            } catch (IllegalStateException e) {
                sleep(100);
                api = new Api(baseUrl.get()).bearer(sender.token());
                continue;
            }
            if (response.status() / 100 == 2) {
                return;
            }
            if (response.status() != 429 && response.status() < 500) {
                throw new AssertionError(method + " " + path + " failed: " + response.status() + " " + response.body());
            }
            sleep(50);
        }
    }

    /** Follows the stream over a random transport at a time, dropping it at random. */
    private void follow(Receiver receiver) {
        String cursor = receiver.start();
        StreamClient.Transport[] transports = StreamClient.Transport.values();
        while (!Thread.currentThread().isInterrupted()) {
            StreamClient.Transport transport =
                    transports[ThreadLocalRandom.current().nextInt(transports.length)];
            long until = System.nanoTime()
                    + Duration.ofMillis(ThreadLocalRandom.current().nextInt(100, 1500))
                            .toNanos();
            StreamClient client;
            try {
                client = StreamClient.open(
                        transport, baseUrl.get(), receiver.person().token(), cursor);
            } catch (RuntimeException e) {
                if (!sleep(100)) {
                    return;
                }
                continue;
            }
            try {
                while (System.nanoTime() < until && !client.closeReason.isDone()) {
                    JsonNode frame = client.next(Duration.ofMillis(50));
                    if (frame != null) {
                        cursor = record(receiver, frame, cursor);
                    }
                    if (Thread.currentThread().isInterrupted()) {
                        break;
                    }
                }
            } finally {
                client.close();
            }
            // Frames that arrived before the drop were delivered: process them too.
            for (JsonNode frame; (frame = client.frames.poll()) != null; ) {
                cursor = record(receiver, frame, cursor);
            }
            if (client.closeReason.isDone() && !sleep(100)) {
                return;
            }
        }
    }

    private static String record(Receiver receiver, JsonNode frame, String cursor) {
        if (!frame.has("id")) {
            return cursor; // ephemeral or control frame
        }
        synchronized (receiver.events()) {
            receiver.events().add(frame);
        }
        return frame.path("id").asString();
    }

    private static boolean complete(Receiver receiver, Map<Long, Long> lastSeq) {
        Map<Long, Integer> counts = new HashMap<>();
        synchronized (receiver.events()) {
            for (JsonNode event : receiver.events()) {
                if ("message.created".equals(event.path("type").asString())) {
                    counts.merge(event.path("data").path("conversationId").asLong(), 1, Integer::sum);
                }
            }
        }
        return receiver.conversations().stream()
                .allMatch(c -> counts.getOrDefault(c, 0) >= lastSeq.getOrDefault(c, 0L));
    }

    private void verify(Receiver receiver, Map<Long, Long> lastSeq) {
        List<JsonNode> events;
        synchronized (receiver.events()) {
            events = List.copyOf(receiver.events());
        }
        long previous = Long.MIN_VALUE;
        Map<Long, List<Long>> seqs = new HashMap<>();
        Map<Long, Set<Long>> ids = new HashMap<>();
        for (JsonNode event : events) {
            long position = Long.parseLong(event.path("id").asString().split("\\.")[0], 36);
            assertThat(position)
                    .as(
                            "receiver %s: positions strictly increase (no duplicate, no reordering)",
                            receiver.person().id())
                    .isGreaterThan(previous);
            previous = position;
            if ("message.created".equals(event.path("type").asString())) {
                long conversation = event.path("data").path("conversationId").asLong();
                assertThat(receiver.conversations())
                        .as(
                                "receiver %s got a message of a conversation it is not in",
                                receiver.person().id())
                        .contains(conversation);
                seqs.computeIfAbsent(conversation, c -> new ArrayList<>())
                        .add(event.path("data").path("seq").asLong());
                ids.computeIfAbsent(conversation, c -> new TreeSet<>())
                        .add(event.path("data").path("id").asLong());
            }
        }
        for (long conversation : receiver.conversations()) {
            long last = lastSeq.getOrDefault(conversation, 0L);
            assertThat(seqs.getOrDefault(conversation, List.of()))
                    .as(
                            "receiver %s, conversation %s: every seq once, in order",
                            receiver.person().id(), conversation)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, last)
                            .boxed()
                            .toList());
            assertThat(ids.getOrDefault(conversation, Set.of()))
                    .as(
                            "receiver %s, conversation %s: every acknowledged message arrived",
                            receiver.person().id(), conversation)
                    .containsAll(ackedByConversation.getOrDefault(conversation, Set.of()));
        }
    }

    private long newestSeq(List<Person> senders, long conversation) {
        for (Person sender : senders) {
            Api api = new Api(baseUrl.get()).bearer(sender.token());
            Api.Response page = api.get("/api/conversations/" + conversation + "/messages?limit=1");
            if (page.status() == 200) {
                JsonNode messages = page.json().path("messages");
                return messages.isEmpty() ? 0 : messages.get(0).path("seq").asLong();
            }
        }
        throw new AssertionError("No sender can read conversation " + conversation);
    }

    private static List<Person> concat(List<Person> a, List<Person> b) {
        List<Person> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
