package org.tidings.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.SubmissionPublisher;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.Person;
import org.tidings.testing.RawTus;
import org.tidings.testing.SqliteServer;

/**
 * Tidings' own meters in /actuator/prometheus, each made to move through the real server: sends
 * by outcome, the writer's batches and commits, rate-limit refusals, login failures, users online,
 * upload bytes and uploads in progress, job runs.
 */
@SqliteServer
@TestPropertySource(properties = {"tidings.chat.send-burst=5", "tidings.chat.send-refill-per-second=1"})
class MetricsSqliteTest {

    @LocalServerPort
    int port;

    /** The value of the first sample of {@code name} whose labels include all of {@code labels}. */
    double sample(String name, String... labels) {
        String text = new Api(port).get("/actuator/prometheus").expect(200).body();
        Matcher line = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})?\\s+(\\S+)$")
                .matcher(text);
        while (line.find()) {
            String found = line.group(1) == null ? "" : line.group(1);
            if (Arrays.stream(labels).allMatch(found::contains)) {
                return Double.parseDouble(line.group(2));
            }
        }
        return 0;
    }

    void awaitAbove(double floor, java.util.function.DoubleSupplier value) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (value.getAsDouble() <= floor) {
            assertThat(System.nanoTime()).as("meter did not move").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    @Test
    void sendsWriterBatchesAndRateLimitsAreCounted() {
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        long direct = alice.befriend(bob);
        double created = sample("tidings_sends_total", "outcome=\"created\"");
        double duplicates = sample("tidings_sends_total", "outcome=\"duplicate\"");
        double refused = sample("tidings_sends_total", "outcome=\"refused\"");
        double batches = sample("tidings_writer_batch_size_count");
        double commits = sample("tidings_writer_commit_seconds_count");
        double limited = sample("tidings_rate_limit_refusals_total", "limit=\"send\"");

        String clientId = UUID.randomUUID().toString();
        String path = "/api/conversations/" + direct + "/messages";
        alice.api().post(path, Map.of("body", "hi", "clientMsgId", clientId)).expect(201);
        alice.api().post(path, Map.of("body", "hi", "clientMsgId", clientId)).expect(200);
        alice.api().post(path, Map.of("body", "")).expect(400);
        assertThat(sample("tidings_sends_total", "outcome=\"created\"")).isEqualTo(created + 1);
        assertThat(sample("tidings_sends_total", "outcome=\"duplicate\"")).isEqualTo(duplicates + 1);
        assertThat(sample("tidings_sends_total", "outcome=\"refused\"")).isEqualTo(refused + 1);
        assertThat(sample("tidings_writer_batch_size_count")).isGreaterThan(batches);
        assertThat(sample("tidings_writer_commit_seconds_count")).isGreaterThan(commits);

        Api.Response last = null;
        for (int i = 0; i < 50 && (last == null || last.status() != 429); i++) {
            last = alice.api().post(path, Map.of("body", "flood " + i));
        }
        last.expectProblem(429, "rate_limited");
        assertThat(sample("tidings_rate_limit_refusals_total", "limit=\"send\""))
                .isGreaterThan(limited);
        assertThat(sample("tidings_sends_total", "outcome=\"rate_limited\"")).isPositive();
    }

    @Test
    void loginFailuresAndUsersOnlineAreCounted() throws Exception {
        Person carol = Person.signUp(port, "carol");
        double failures = sample("tidings_login_failures_total");
        new Api(port)
                .post("/api/auth/login", Map.of("username", carol.username(), "password", "wrong horse"))
                .expectProblem(401, "invalid_credentials");
        assertThat(sample("tidings_login_failures_total")).isEqualTo(failures + 1);

        double online = sample("tidings_users_online");
        // A poll makes its user online for a while (presence lease).
        Person dave = Person.signUp(port, "dave");
        dave.api().get("/api/events?after=" + dave.cursorNow()).expect(200);
        awaitAbove(online, () -> sample("tidings_users_online"));
    }

    @Test
    void uploadBytesUploadsInProgressAndJobRunsAreMeasured() throws Exception {
        Person erin = Person.signUp(port, "erin");
        Person frank = Person.signUp(port, "frank");
        long direct = erin.befriend(frank);
        RawTus tus = new RawTus(erin, "http://localhost:" + port);
        double bytes = sample("tidings_upload_received_bytes_total");
        double jobs = sample("tidings_job_duration_seconds_count", "outcome=\"succeeded\"", "type=\"attachment\"");

        // A PATCH that sends half its body, then waits: it is an upload in progress.
        byte[] data = new byte[256 * 1024];
        new java.util.Random(1).nextBytes(data);
        String url = tus.created(data.length, direct, "slow.bin");
        SubmissionPublisher<ByteBuffer> body = new SubmissionPublisher<>();
        HttpRequest patch = tus.request(url)
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.fromPublisher(body, data.length))
                .build();
        CompletableFuture<HttpResponse<String>> answer =
                erin.api().http().sendAsync(patch, HttpResponse.BodyHandlers.ofString());
        // A SubmissionPublisher hands items only to subscribers it has at the time.
        while (body.getNumberOfSubscribers() == 0) {
            Thread.sleep(10);
        }
        body.submit(ByteBuffer.wrap(Arrays.copyOfRange(data, 0, data.length / 2)));
        awaitAbove(0, () -> sample("tidings_uploads_active"));
        body.submit(ByteBuffer.wrap(Arrays.copyOfRange(data, data.length / 2, data.length)));
        body.close();
        assertThat(answer.get().statusCode()).isEqualTo(204);
        assertThat(sample("tidings_upload_received_bytes_total")).isGreaterThanOrEqualTo(bytes + data.length);

        // Finishing the upload ran the attachment job.
        tus.awaitAttachment(direct, "slow.bin", data.length);
        awaitAbove(
                jobs,
                () -> sample("tidings_job_duration_seconds_count", "outcome=\"succeeded\"", "type=\"attachment\""));
        assertThat(new Api(port).get("/actuator/prometheus").body()).contains("tidings_jobs_running");
        assertThat(URI.create(url).getPath()).startsWith("/api/uploads/");
    }
}
