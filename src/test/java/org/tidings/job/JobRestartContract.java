package org.tidings.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.tidings.testing.Person;
import org.tidings.testing.RawTus;
import org.tidings.testing.ServerProcess;
import org.tidings.testing.StreamClient;
import org.tidings.testing.StreamClient.Transport;
import tools.jackson.databind.JsonNode;

/**
 * A server killed with SIGKILL in the middle of a job and started again: the interrupted job is
 * retried (or, out of attempts, failed with a reason), the job queued behind it runs, and no job
 * stays "running" for ever.
 *
 * <p>The tests share one server process per class (a start is the slow part of each test), each
 * with its own users and conversation; each still kills it and starts it again mid-job.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JobRestartContract {

    private static final Duration WAIT = Duration.ofSeconds(90);

    /** Where the killed server keeps its data, as server properties. */
    abstract Map<String, String> storage();

    private ServerProcess server;

    @BeforeAll
    void startServer() {
        Map<String, String> properties = new HashMap<>(storage());
        // One worker, so a second job waits in the queue; quick heartbeats, so the test need
        // not wait the production 30 s for an interrupted job to count as stale.
        properties.put("tidings.jobs.workers", "1");
        properties.put("tidings.jobs.heartbeat", "200ms");
        properties.put("tidings.jobs.stale-after", "1s");
        server = new ServerProcess(properties).start();
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    /**
     * kill -9 and start again with {@code maxAttempts}: the restarted server's recovery decides
     * whether an interrupted job is retried or failed, so each test sets it on the restart.
     */
    void crashAndRestart(int maxAttempts) {
        server.kill();
        server.configure("tidings.jobs.max-attempts", Integer.toString(maxAttempts))
                .start();
    }

    /** {@code fileIds}: the attachments' ids in upload order (the server is shared: not 1, 2, 3). */
    record Setup(Person alice, long conversation, List<Long> fileIds) {}

    /** A conversation whose export takes a few seconds: attachments of random (incompressible) bytes. */
    static Setup slowToExport(ServerProcess server) {
        Person alice = Person.signUp(server.port(), "alice");
        Person bob = Person.signUp(server.port(), "bob");
        long conversation = alice.befriend(bob);
        RawTus tus = new RawTus(alice, server.baseUrl());
        List<Long> fileIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode attachment =
                    tus.attach(conversation, "part" + i + ".bin", JobsContract.randomBytes((20 << 20) + i));
            fileIds.add(attachment.path("fileId").asLong());
        }
        return new Setup(alice, conversation, fileIds);
    }

    static long export(Setup setup) {
        return setup.alice()
                .api()
                .post("/api/jobs", Map.of("type", "export", "conversationId", setup.conversation(), "format", "json"))
                .expect(202)
                .json()
                .path("id")
                .asLong();
    }

    @Test
    void anInterruptedJobIsRetriedAndTheQueuedOneRuns() throws Exception {
        Setup setup = slowToExport(server);
        String cursor = setup.alice().cursorNow();
        long interrupted = export(setup);
        long queued = export(setup);
        awaitRunning(setup.alice(), interrupted);
        assertThat(job(setup.alice(), queued).path("state").asString()).isEqualTo("queued");
        crashAndRestart(3);

        JobsContract.awaitState(setup.alice(), interrupted, "succeeded");
        JobsContract.awaitState(setup.alice(), queued, "succeeded");
        assertThat(job(setup.alice(), interrupted).path("attempts").asInt()).isEqualTo(2);
        assertThat(job(setup.alice(), queued).path("attempts").asInt()).isEqualTo(1);
        assertThat(JobsContract.unzip(setup.alice(), interrupted))
                .containsKeys(
                        "messages.json",
                        "attachments/" + setup.fileIds().getFirst() + "/part0.bin",
                        "attachments/" + setup.fileIds().getLast() + "/part2.bin");
        assertThat(finishedStates(server, setup.alice(), cursor, interrupted)).containsExactly("succeeded");
    }

    @Test
    void aJobOutOfAttemptsFailsWithAReason() throws Exception {
        Setup setup = slowToExport(server);
        String cursor = setup.alice().cursorNow();
        long id = export(setup);
        awaitRunning(setup.alice(), id);
        crashAndRestart(1);

        JobsContract.awaitState(setup.alice(), id, "failed");
        JsonNode job = job(setup.alice(), id);
        assertThat(job.path("error").path("code").asString()).isEqualTo("interrupted");
        assertThat(job.path("attempts").asInt()).isEqualTo(1);
        setup.alice().api().get("/api/jobs/" + id + "/result").expectProblem(409, "job_not_succeeded");
        assertThat(finishedStates(server, setup.alice(), cursor, id)).containsExactly("failed");
    }

    static JsonNode job(Person person, long id) {
        return person.api().get("/api/jobs/" + id).expect(200).json();
    }

    /** Polls until the job runs: the kill must land in the middle of it. */
    static void awaitRunning(Person person, long id) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String state = job(person, id).path("state").asString();
            assertThat(state)
                    .as("the job must still be running when the server is killed")
                    .isIn("queued", "running");
            if ("running".equals(state)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("Job " + id + " never started");
    }

    /** The states of the job's job.finished events on the owner's stream, replayed from a cursor. */
    static List<String> finishedStates(ServerProcess server, Person person, String cursor, long id) {
        try (StreamClient stream = StreamClient.open(Transport.SHORT_POLL, server.baseUrl(), person.token(), cursor)) {
            // Whatever the replay brings within a few seconds: all of it is already in the database.
            return stream.collect("job.finished", 10, Duration.ofSeconds(3)).stream()
                    .filter(e -> e.path("data").path("id").asLong() == id)
                    .map(e -> e.path("data").path("state").asString())
                    .toList();
        }
    }
}
