package org.tidings.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.Person;
import org.tidings.testing.RawTus;
import org.tidings.testing.StreamClient;
import org.tidings.testing.StreamClient.Transport;
import tools.jackson.databind.JsonNode;

/** Background jobs through the real server: exports, their progress on the stream, cancelling. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
// Progress a few times a second is right for people; for seeing several events in a short job, more.
// This makes a context of its own: a small pool, so the test runs' contexts together stay well
// inside PostgreSQL's connection limit.
@TestPropertySource(
        properties = {
            "tidings.jobs.progress-interval=10ms",
            "tidings.db.postgres-pool-size=4",
            "tidings.db.sqlite-pool-size=4"
        })
abstract class JobsContract {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    JobSettings settings;

    String baseUrl() {
        return "http://localhost:" + port;
    }

    record Chat(Person alice, Person bob, long conversation) {}

    Chat chat() {
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        return new Chat(alice, bob, alice.befriend(bob));
    }

    @Test
    void exportReportsProgressInOrderAndEndsInJobFinished() throws IOException {
        Chat chat = chat();
        chat.alice().send(chat.conversation(), "<script>alert('x')</script> & friends");
        // Two senders, so neither passes the per-user send burst (30).
        for (int i = 0; i < 40; i++) {
            (i % 2 == 0 ? chat.alice() : chat.bob()).send(chat.conversation(), "message " + i);
        }
        byte[] file = randomBytes(3 << 20);
        JsonNode attachment = new RawTus(chat.alice(), baseUrl()).attach(chat.conversation(), "a <b>.bin", file);

        try (StreamClient stream = StreamClient.open(
                Transport.WEBSOCKET,
                baseUrl(),
                chat.alice().token(),
                chat.alice().cursorNow())) {
            Api.Response started = chat.alice()
                    .api()
                    .post(
                            "/api/jobs",
                            Map.of("type", "export", "conversationId", chat.conversation(), "format", "html"))
                    .expect(202);
            long id = started.json().path("id").asLong();
            assertThat(started.header("Location")).isEqualTo("/api/jobs/" + id);
            assertThat(started.json().path("type").asString()).isEqualTo("export");

            List<JsonNode> events = jobEvents(stream, id);
            JsonNode finished = events.getLast();
            assertThat(finished.path("type").asString()).isEqualTo("job.finished");
            assertThat(finished.has("id")).as("job.finished is persisted").isTrue();
            assertThat(finished.path("data").path("state").asString()).isEqualTo("succeeded");
            List<JsonNode> progress = events.subList(0, events.size() - 1);
            assertThat(progress).hasSizeGreaterThanOrEqualTo(2);
            assertThat(progress).allSatisfy(e -> {
                assertThat(e.path("type").asString()).isEqualTo("job.progress");
                assertThat(e.path("data").path("state").asString()).isEqualTo("running");
            });
            assertThat(progress.stream()
                            .map(e -> e.path("data").path("done").asLong())
                            .toList())
                    .isSorted();
            // 42 messages (the attachment's own included) plus 1 attachment to copy.
            assertThat(progress.getLast().path("data").path("total").asLong()).isEqualTo(43);

            JsonNode job = chat.alice().api().get("/api/jobs/" + id).expect(200).json();
            assertThat(job.path("state").asString()).isEqualTo("succeeded");
            assertThat(job.path("percent").asInt()).isEqualTo(100);
            assertThat(job.path("attempts").asInt()).isEqualTo(1);
            assertThat(job.path("result").path("messages").asLong()).isEqualTo(42);

            Map<String, byte[]> zip = unzip(chat.alice(), id);
            String html = new String(zip.get("messages.html"), StandardCharsets.UTF_8);
            assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; friends");
            assertThat(html).doesNotContain("<script>").contains("message 39");
            long fileId = attachment.path("fileId").asLong();
            assertThat(html).contains("href=\"attachments/" + fileId + "/a%20%3Cb%3E.bin\"");
            assertThat(zip.get("attachments/" + fileId + "/a <b>.bin")).isEqualTo(file);
        }
    }

    @Test
    void jsonExportHoldsEveryMessageAsTheApiShowsIt() throws IOException {
        Chat chat = chat();
        chat.alice().send(chat.conversation(), "first");
        chat.bob().send(chat.conversation(), "second");
        long id = chat.alice()
                .api()
                .post("/api/jobs", Map.of("type", "export", "conversationId", chat.conversation(), "format", "json"))
                .expect(202)
                .json()
                .path("id")
                .asLong();
        awaitState(chat.alice(), id, "succeeded");
        JsonNode messages = Api.JSON.readTree(unzip(chat.alice(), id).get("messages.json"));
        JsonNode history = chat.alice()
                .api()
                .get("/api/conversations/" + chat.conversation() + "/messages")
                .expect(200)
                .json()
                .path("messages");
        assertThat(messages).isEqualTo(history);
    }

    @Test
    void cancellingAJobEndsItAndDropsItsResult() throws Exception {
        Chat chat = chat();
        for (int i = 0; i < 3; i++) {
            new RawTus(chat.alice(), baseUrl()).attach(chat.conversation(), "big" + i + ".bin", randomBytes(12 << 20));
        }
        try (StreamClient stream = StreamClient.open(
                Transport.WEBSOCKET,
                baseUrl(),
                chat.alice().token(),
                chat.alice().cursorNow())) {
            long id = chat.alice()
                    .api()
                    .post(
                            "/api/jobs",
                            Map.of("type", "export", "conversationId", chat.conversation(), "format", "json"))
                    .expect(202)
                    .json()
                    .path("id")
                    .asLong();
            JsonNode cancelled =
                    chat.alice().api().delete("/api/jobs/" + id).expect(200).json();
            assertThat(cancelled.path("state").asString()).isEqualTo("cancelled");

            List<JsonNode> events = jobEvents(stream, id);
            assertThat(events.getLast().path("data").path("state").asString()).isEqualTo("cancelled");
            assertThat(chat.alice()
                            .api()
                            .get("/api/jobs/" + id)
                            .json()
                            .path("state")
                            .asString())
                    .isEqualTo("cancelled");
            chat.alice().api().delete("/api/jobs/" + id).expectProblem(409, "job_finished");
            chat.alice().api().get("/api/jobs/" + id + "/result").expectProblem(409, "job_not_succeeded");
            // The worker stops at its next progress report and removes what it wrote.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (Files.exists(settings.dir().resolve(id + ".out")) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(settings.dir().resolve(id + ".out")).doesNotExist();
            Thread.sleep(500);
            // Nothing of the job after its job.finished: no late progress, no second ending.
            assertThat(stream.frames.stream()
                            .filter(f -> f.path("data").path("id").asLong() == id)
                            .filter(f -> f.path("type").asString().startsWith("job.")))
                    .isEmpty();
        }
    }

    @Test
    void otherUsersJobsAreNotFoundAndBadRequestsAreRefused() {
        Chat chat = chat();
        long id = chat.alice()
                .api()
                .post("/api/jobs", Map.of("type", "export", "conversationId", chat.conversation(), "format", "json"))
                .expect(202)
                .json()
                .path("id")
                .asLong();
        chat.bob().api().get("/api/jobs/" + id).expectProblem(404, "not_found");
        chat.bob().api().delete("/api/jobs/" + id).expectProblem(404, "not_found");
        chat.bob().api().get("/api/jobs/" + id + "/result").expectProblem(404, "not_found");
        assertThat(chat.bob().api().get("/api/jobs").expect(200).json()).isEmpty();
        assertThat(chat.alice()
                        .api()
                        .get("/api/jobs")
                        .expect(200)
                        .json()
                        .get(0)
                        .path("id")
                        .asLong())
                .isEqualTo(id);

        Person eve = Person.signUp(port, "eve");
        eve.api()
                .post("/api/jobs", Map.of("type", "export", "conversationId", chat.conversation(), "format", "json"))
                .expectProblem(404, "not_found");
        eve.api()
                .post("/api/jobs", Map.of("type", "export", "conversationId", chat.conversation(), "format", "pdf"))
                .expectProblem(400, "validation_failed");
        eve.api().post("/api/jobs", Map.of("type", "mine-bitcoin")).expectProblem(400, "unknown_job_type");
        eve.api()
                .post("/api/jobs", Map.of("type", "attachment", "uploadId", "x"))
                .expectProblem(400, "unknown_job_type");
        eve.api().post("/api/jobs", Map.of("conversationId", 1)).expectProblem(400, "validation_failed");
    }

    /** This job's job.progress and job.finished frames, up to and including job.finished. */
    static List<JsonNode> jobEvents(StreamClient stream, long jobId) {
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = stream.next(Duration.ofMillis(200));
            if (frame == null || frame.path("data").path("id").asLong() != jobId) {
                continue;
            }
            String type = frame.path("type").asString();
            if (type.startsWith("job.")) {
                events.add(frame);
            }
            if ("job.finished".equals(type)) {
                return events;
            }
        }
        throw new AssertionError("No job.finished for job " + jobId + "; saw " + events);
    }

    static void awaitState(Person person, long jobId, String state) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String now = null;
        while (System.nanoTime() < deadline) {
            now = person.api()
                    .get("/api/jobs/" + jobId)
                    .expect(200)
                    .json()
                    .path("state")
                    .asString();
            if (state.equals(now)) {
                return;
            }
            sleep();
        }
        throw new AssertionError("Job " + jobId + " is " + now + ", not " + state);
    }

    static Map<String, byte[]> unzip(Person person, long jobId) throws IOException {
        HttpResponse<byte[]> response = person.api().download("/api/jobs/" + jobId + "/result");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(response.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment; filename=\"conversation-");
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(response.body()))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                entries.put(entry.getName(), zip.readAllBytes());
            }
        }
        return entries;
    }

    static byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
