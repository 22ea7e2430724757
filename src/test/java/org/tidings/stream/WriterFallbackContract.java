package org.tidings.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.stream.EventLog.Outcome;
import org.tidings.testing.OneBatch;
import org.tidings.testing.Person;
import org.tidings.testing.StreamClient;
import org.tidings.testing.StreamClient.Transport;
import tools.jackson.databind.JsonNode;

/**
 * The writer's fallback when a group of writes throws (a constraint another node tripped, a
 * database error): the group is undone and each request runs alone, so only the bad one fails,
 * and the events of the others reach the stream with gapless positions. A test group stands in
 * for the sends, because nothing a single node does makes the send group throw on cue. The test
 * holds the writer inside a write until every request is queued, so they form one batch.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class WriterFallbackContract {

    private static final String TYPE = "test.note";

    @LocalServerPort
    int port;

    @Autowired
    EventLog log;

    /** A note for a user's stream; {@code fault} makes its group throw after emitting it. */
    record Note(long userId, String text, Fault fault) {}

    enum Fault {
        NONE,
        EXCEPTION,
        // A statement the database refuses: on PostgreSQL it aborts the whole transaction.
        DATABASE
    }

    /** Emits one event per note; records the size of every run, to see the batch and the reruns. */
    static final class Notes implements EventLog.Group<Note, Long> {
        final List<Integer> runs = Collections.synchronizedList(new ArrayList<>());

        @Override
        public List<Outcome<Long>> run(WriteTx tx, List<Note> notes) {
            runs.add(notes.size());
            List<Outcome<Long>> outcomes = new ArrayList<>();
            for (Note note : notes) {
                long position = tx.emitToUser(note.userId(), TYPE, Map.of("text", note.text()));
                switch (note.fault()) {
                    case EXCEPTION -> throw new IllegalStateException("bad note " + note.text());
                    case DATABASE ->
                        // The head row exists: a duplicate key.
                        tx.jdbc()
                                .sql(
                                        "INSERT INTO stream_head (id, position, floor_position, epoch) VALUES (1, 0, 0, 'x')")
                                .update();
                    case NONE -> {}
                }
                outcomes.add(Outcome.of(position));
            }
            return outcomes;
        }
    }

    /**
     * Notes that read first, the way the sends do: the head and each note's user in one {@link
     * WriteTx#readTogether} (on PostgreSQL with the head's lock in the same round trip), then an
     * event per note, signed with the name read. A DATABASE fault reads a table that is not there.
     */
    static final class ReadingNotes implements EventLog.Group<Note, Long> {
        final List<Integer> runs = Collections.synchronizedList(new ArrayList<>());
        // Per run: its first event's position minus the head it read.
        final List<Long> aboveHead = Collections.synchronizedList(new ArrayList<>());

        @Override
        public List<Outcome<Long>> run(WriteTx tx, List<Note> notes) {
            runs.add(notes.size());
            List<Long> heads = new ArrayList<>();
            Map<Note, String> names = new HashMap<>();
            List<WriteTx.Read> reads = new ArrayList<>();
            reads.add(new WriteTx.Read(
                    "SELECT position FROM stream_head WHERE id = 1", List.of(), rs -> heads.add(rs.getLong(1))));
            for (Note note : notes) {
                String table = note.fault() == Fault.DATABASE ? "no_such_table" : "users";
                reads.add(new WriteTx.Read(
                        "SELECT username FROM " + table + " WHERE id = ?",
                        List.of(note.userId()),
                        rs -> names.put(note, rs.getString(1))));
            }
            tx.readTogether(reads);
            List<Outcome<Long>> outcomes = new ArrayList<>();
            for (Note note : notes) {
                long position =
                        tx.emitToUser(note.userId(), TYPE, Map.of("text", note.text() + " by " + names.get(note)));
                if (outcomes.isEmpty()) {
                    aboveHead.add(position - heads.getFirst());
                }
                outcomes.add(Outcome.of(position));
            }
            return outcomes;
        }
    }

    @Test
    void readsTogetherReachEachItsOwnHandlerAfterTheHeadLock() throws Exception {
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        String aliceBefore = alice.cursorNow();
        String bobBefore = bob.cursorNow();
        ReadingNotes notes = new ReadingNotes();
        List<Future<Long>> answers = inOneBatch(List.of(
                () -> log.write(notes, new Note(alice.id(), "one", Fault.NONE)),
                () -> log.write(notes, new Note(bob.id(), "two", Fault.NONE))));

        assertThat(notes.runs).as("one run, no fallback").containsExactly(2);
        // The head it read is the locked head: the batch's first event comes right after it.
        assertThat(notes.aboveHead).containsExactly(1L);
        long first = answers.get(0).get();
        assertStream(alice, aliceBefore, List.of("one by " + alice.username()), List.of(first));
        assertStream(bob, bobBefore, List.of("two by " + bob.username()), List.of(first + 1));
    }

    @Test
    void aReadTogetherTheDatabaseRefusesFailsOnlyItsOwnRequest() throws Exception {
        Person alice = Person.signUp(port, "alice");
        String before = alice.cursorNow();
        ReadingNotes notes = new ReadingNotes();
        List<Future<Long>> answers = inOneBatch(List.of(
                () -> log.write(notes, new Note(alice.id(), "one", Fault.NONE)),
                () -> log.write(notes, new Note(alice.id(), "bad", Fault.DATABASE)),
                () -> log.write(notes, new Note(alice.id(), "two", Fault.NONE))));

        assertThat(notes.runs).as("the batch, then each alone").containsExactly(3, 1, 1, 1);
        assertFailed(answers.get(1));
        long first = answers.get(0).get();
        String name = alice.username();
        assertStream(alice, before, List.of("one by " + name, "two by " + name), List.of(first, first + 1));
    }

    @Test
    void aGroupThatThrowsRunsEachRequestAloneAndOnlyTheBadOneFails() throws Exception {
        for (Fault fault : List.of(Fault.EXCEPTION, Fault.DATABASE)) {
            Person alice = Person.signUp(port, "alice");
            String before = alice.cursorNow();
            Notes notes = new Notes();
            List<Future<Long>> answers = inOneBatch(List.of(
                    () -> log.write(notes, new Note(alice.id(), "one", Fault.NONE)),
                    () -> log.write(notes, new Note(alice.id(), "bad", fault)),
                    () -> log.write(notes, new Note(alice.id(), "two", Fault.NONE)),
                    () -> log.write(notes, new Note(alice.id(), "three", Fault.NONE))));

            assertThat(notes.runs)
                    .as("one run of the batch, then one per request")
                    .containsExactly(4, 1, 1, 1, 1);
            assertFailed(answers.get(1));
            List<Long> positions = List.of(
                    answers.get(0).get(), answers.get(2).get(), answers.get(3).get());
            assertThat(positions.get(1)).isEqualTo(positions.get(0) + 1);
            assertThat(positions.get(2)).isEqualTo(positions.get(0) + 2);
            assertStream(alice, before, List.of("one", "two", "three"), positions);
        }
    }

    @Test
    void aBatchOfOneRequestThatThrowsFailsAloneAndTheWriterGoesOn() throws Exception {
        for (Fault fault : List.of(Fault.EXCEPTION, Fault.DATABASE)) {
            Person alice = Person.signUp(port, "alice");
            String before = alice.cursorNow();
            Notes notes = new Notes();
            List<Future<Long>> failed = inOneBatch(List.of(() -> log.write(notes, new Note(alice.id(), "bad", fault))));
            assertFailed(failed.getFirst());
            long next = log.write(notes, new Note(alice.id(), "after", Fault.NONE));
            assertStream(alice, before, List.of("after"), List.of(next));
        }
    }

    @Test
    void aWriteThatThrowsAmongGroupsFailsAloneAndUndoesOnlyItsOwnEvents() throws Exception {
        Person alice = Person.signUp(port, "alice");
        String before = alice.cursorNow();
        Notes notes = new Notes();
        List<Future<Long>> answers = inOneBatch(List.of(
                () -> log.write(notes, new Note(alice.id(), "one", Fault.NONE)),
                () -> log.write(tx -> {
                    tx.emitToUser(alice.id(), TYPE, Map.of("text", "undone"));
                    throw new IllegalStateException("bad write");
                }),
                () -> log.write(notes, new Note(alice.id(), "two", Fault.NONE))));

        assertFailed(answers.get(1));
        List<Long> positions = List.of(answers.get(0).get(), answers.get(2).get());
        assertThat(positions.get(1)).isEqualTo(positions.get(0) + 1);
        assertStream(alice, before, List.of("one", "two"), positions);
    }

    @Test
    void aWriteAloneThatThrowsLeavesNothingBehind() throws Exception {
        Person alice = Person.signUp(port, "alice");
        String before = alice.cursorNow();
        List<Future<Long>> failed = inOneBatch(List.of(() -> log.write(tx -> {
            tx.emitToUser(alice.id(), TYPE, Map.of("text", "undone"));
            tx.jdbc()
                    .sql("INSERT INTO stream_head (id, position, floor_position, epoch) VALUES (1, 0, 0, 'x')")
                    .update();
            return 0L;
        })));
        assertFailed(failed.getFirst());
        long next = log.write(tx -> tx.emitToUser(alice.id(), TYPE, Map.of("text", "after")));
        assertStream(alice, before, List.of("after"), List.of(next));
    }

    private static void assertFailed(Future<Long> answer) {
        try {
            answer.get(20, TimeUnit.SECONDS);
            throw new AssertionError("expected the write to fail");
        } catch (ExecutionException e) {
            // Its own failure, not the 503 a failed batch gives everyone in it.
            assertThat(e.getCause()).isNotInstanceOf(org.tidings.web.ApiException.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The user's stream since {@code cursor} holds exactly these notes, at these positions. */
    private void assertStream(Person user, String cursor, List<String> texts, List<Long> positions) {
        try (StreamClient stream = StreamClient.open(Transport.SSE, user.api().baseUrl(), user.token(), cursor)) {
            List<JsonNode> events = stream.collect(TYPE, texts.size(), Duration.ofSeconds(10));
            assertThat(events.stream().map(e -> e.path("data").path("text").asString()))
                    .containsExactlyElementsOf(texts);
            assertThat(events.stream()
                            .map(e -> Cursor.parse(e.path("id").asString()).position()))
                    .containsExactlyElementsOf(positions);
            // Nothing else arrives: the failed writes' events were undone with them.
            assertThat(stream.collect(TYPE, 1, Duration.ofMillis(300))).isEmpty();
        }
    }

    private List<Future<Long>> inOneBatch(List<Callable<Long>> writes) throws Exception {
        return OneBatch.run(log, writes);
    }
}
