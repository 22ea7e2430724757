package org.tidings.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
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
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
abstract class JobRestartContract {

    private static final Duration WAIT = Duration.ofSeconds(90);

    /** Where the killed server keeps its data, as server properties. */
    abstract Map<String, String> storage();

    Map<String, String> properties(int maxAttempts) {
        Map<String, String> properties = new HashMap<>(storage());
        // One worker, so a second job waits in the queue; quick heartbeats, so the test need
        // not wait the production 30 s for an interrupted job to count as stale.
        properties.put("tidings.jobs.workers", "1");
        properties.put("tidings.jobs.heartbeat", "200ms");
        properties.put("tidings.jobs.stale-after", "1s");
        properties.put("tidings.jobs.max-attempts", Integer.toString(maxAttempts));
        return properties;
    }

    record Setup(Person alice, long conversation) {}

    /** A conversation whose export takes a few seconds: attachments of random (incompressible) bytes. */
    static Setup slowToExport(ServerProcess server) {
        Person alice = Person.signUp(server.port(), "alice");
        Person bob = Person.signUp(server.port(), "bob");
        long conversation = alice.befriend(bob);
        RawTus tus = new RawTus(alice, server.baseUrl());
        for (int i = 0; i < 3; i++) {
            tus.attach(conversation, "part" + i + ".bin", JobsContract.randomBytes((20 << 20) + i));
        }
        return new Setup(alice, conversation);
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
        try (ServerProcess server = new ServerProcess(properties(3)).start()) {
            Setup setup = slowToExport(server);
            String cursor = setup.alice().cursorNow();
            long interrupted = export(setup);
            long queued = export(setup);
            awaitRunning(setup.alice(), interrupted);
            assertThat(job(setup.alice(), queued).path("state").asString()).isEqualTo("queued");
            server.kill();
            server.start();

            JobsContract.awaitState(setup.alice(), interrupted, "succeeded");
            JobsContract.awaitState(setup.alice(), queued, "succeeded");
            assertThat(job(setup.alice(), interrupted).path("attempts").asInt()).isEqualTo(2);
            assertThat(job(setup.alice(), queued).path("attempts").asInt()).isEqualTo(1);
            assertThat(JobsContract.unzip(setup.alice(), interrupted))
                    .containsKeys("messages.json", "attachments/1/part0.bin", "attachments/3/part2.bin");
            assertThat(finishedStates(server, setup.alice(), cursor, interrupted))
                    .containsExactly("succeeded");
        }
    }

    @Test
    void aJobOutOfAttemptsFailsWithAReason() throws Exception {
        try (ServerProcess server = new ServerProcess(properties(1)).start()) {
            Setup setup = slowToExport(server);
            String cursor = setup.alice().cursorNow();
            long id = export(setup);
            awaitRunning(setup.alice(), id);
            server.kill();
            server.start();

            JobsContract.awaitState(setup.alice(), id, "failed");
            JsonNode job = job(setup.alice(), id);
            assertThat(job.path("error").path("code").asString()).isEqualTo("interrupted");
            assertThat(job.path("attempts").asInt()).isEqualTo(1);
            setup.alice().api().get("/api/jobs/" + id + "/result").expectProblem(409, "job_not_succeeded");
            assertThat(finishedStates(server, setup.alice(), cursor, id)).containsExactly("failed");
        }
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
