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
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.Metrics;
import org.tidings.testing.Person;
import org.tidings.testing.RawTus;
import org.tidings.testing.SqliteServer;
import org.tidings.testing.StreamClient;

/**
 * Tidings' own meters in /actuator/prometheus, each made to move through the real server: sends
 * by outcome, the writer's batches and commits, rate-limit refusals, login failures, users online,
 * upload bytes and uploads in progress, job runs.
 */
@SqliteServer
@TestPropertySource(
        properties = {
            "tidings.chat.send-burst=5",
            "tidings.chat.send-refill-per-second=1",
            "tidings.stream.max-connections-per-user=2"
        })
class MetricsSqliteTest {

    @LocalServerPort
    int port;

    double sample(String name, String... labels) {
        return Metrics.sample("http://localhost:" + port, name, labels);
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
    void requestsTheRoutesAnswerAreInTheHttpServerRequestsTimerBesideTheControllers() {
        Person erin = Person.signUp(port, "erin");
        Person frank = Person.signUp(port, "frank");
        long direct = erin.befriend(frank);
        String me = "uri=\"/api/me\"";
        String send = "uri=\"/api/conversations/{conversationId}/messages\"";
        double meOk = sample("http_server_requests_seconds_count", me, "status=\"200\"", "outcome=\"SUCCESS\"");
        double sent = sample("http_server_requests_seconds_count", send, "method=\"POST\"", "status=\"201\"");
        double refused = sample("http_server_requests_seconds_count", send, "method=\"POST\"", "status=\"400\"");
        double anonymous = sample("http_server_requests_seconds_count", me, "status=\"401\"");

        erin.api().get("/api/me").expect(200);
        erin.api().get("/api/me").expect(200);
        erin.api()
                .post("/api/conversations/" + direct + "/messages", Map.of("body", "counted"))
                .expect(201);
        erin.api()
                .post("/api/conversations/" + direct + "/messages", Map.of("body", ""))
                .expectProblem(400, "validation_failed");
        new Api(port).bearer("not-a-token").get("/api/me").expectProblem(401, "unauthenticated");

        assertThat(sample("http_server_requests_seconds_count", me, "status=\"200\"", "outcome=\"SUCCESS\""))
                .isEqualTo(meOk + 2);
        assertThat(sample("http_server_requests_seconds_count", send, "method=\"POST\"", "status=\"201\""))
                .isEqualTo(sent + 1);
        assertThat(sample("http_server_requests_seconds_count", send, "method=\"POST\"", "status=\"400\""))
                .isEqualTo(refused + 1);
        assertThat(sample("http_server_requests_seconds_count", me, "status=\"401\"", "outcome=\"CLIENT_ERROR\""))
                .isEqualTo(anonymous + 1);
        // The controllers' requests are in the same meter: the routes' tags did not crowd them out.
        assertThat(sample("http_server_requests_seconds_count", "uri=\"/api/friends/requests/{id}/accept\""))
                .isPositive();
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

    @Test
    void openStreamsDeliveriesCapRefusalsAndWaitingPollsAreMeasured() throws Exception {
        Person gina = Person.signUp(port, "gina");
        Person hal = Person.signUp(port, "hal");
        long direct = gina.befriend(hal);
        String base = "http://localhost:" + port;
        double open = sample("tidings_streams_open", "transport=\"websocket\"");
        double delivered = sample("tidings_events_delivered_total", "transport=\"websocket\"");
        double sseDelivered = sample("tidings_events_delivered_total", "transport=\"sse\"");
        double refused = sample("tidings_streams_refused_total");
        try (StreamClient ws = StreamClient.open(StreamClient.Transport.WEBSOCKET, base, gina.token(), null);
                StreamClient sse = StreamClient.open(StreamClient.Transport.SSE, base, gina.token(), null)) {
            assertThat(sample("tidings_streams_open", "transport=\"websocket\""))
                    .isEqualTo(open + 1);
            assertThat(sample("tidings_streams_open", "transport=\"sse\"")).isPositive();
            // The cap here is two streams per user: a third is refused.
            try (StreamClient third = StreamClient.open(StreamClient.Transport.WEBSOCKET, base, gina.token(), null)) {
                assertThat(third.closeReason.get(10, java.util.concurrent.TimeUnit.SECONDS))
                        .startsWith("4429");
            }
            assertThat(sample("tidings_streams_refused_total")).isEqualTo(refused + 1);

            hal.send(direct, "counted");
            assertThat(ws.collect("message.created", 1, Duration.ofSeconds(10))).hasSize(1);
            assertThat(sse.collect("message.created", 1, Duration.ofSeconds(10)))
                    .hasSize(1);
            awaitAbove(delivered, () -> sample("tidings_events_delivered_total", "transport=\"websocket\""));
            awaitAbove(sseDelivered, () -> sample("tidings_events_delivered_total", "transport=\"sse\""));
        }
        // Closed: the gauge is back where it was.
        awaitAbove(0, () -> sample("tidings_streams_open", "transport=\"websocket\"") == open ? 1 : 0);

        // A long poll that waits counts while it waits.
        double waiting = sample("tidings_polls_waiting");
        CompletableFuture<Api.Response> poll =
                CompletableFuture.supplyAsync(() -> hal.api().get("/api/events?after=" + hal.cursorNow() + "&wait=20"));
        awaitAbove(waiting, () -> sample("tidings_polls_waiting"));
        gina.send(direct, "wakes the poll");
        assertThat(poll.get().status()).isEqualTo(200);
    }
}
