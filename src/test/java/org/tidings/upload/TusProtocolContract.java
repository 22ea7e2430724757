package org.tidings.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Api;
import org.tidings.testing.Person;
import org.tidings.testing.RawHttp;
import org.tidings.testing.RawTus;
import org.tidings.testing.StreamClient;
import org.tidings.testing.StreamClient.Transport;
import tools.jackson.databind.JsonNode;

/** The tus protocol's rules and refusals, with requests written by hand. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
abstract class TusProtocolContract {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    String baseUrl() {
        return "http://localhost:" + port;
    }

    record Pair(Person alice, Person bob, long conversation, RawTus tus) {}

    Pair friends() {
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        long conversation = alice.befriend(bob);
        return new Pair(alice, bob, conversation, new RawTus(alice, baseUrl()));
    }

    @Test
    void optionsAdvertisesVersionExtensionsLimitAndChecksums() {
        Pair p = friends();
        Api.Response options =
                p.tus().send(p.tus().request("/api/uploads").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertThat(options.status()).isEqualTo(204);
        assertThat(options.header("Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(options.header("Tus-Version")).isEqualTo("1.0.0");
        assertThat(options.header("Tus-Extension"))
                .isEqualTo("creation,creation-with-upload,creation-defer-length,termination,expiration,checksum");
        assertThat(options.header("Tus-Max-Size")).isEqualTo(Long.toString(100L * 1024 * 1024));
        assertThat(options.header("Tus-Checksum-Algorithm")).isEqualTo("sha1,sha256");
    }

    @Test
    void headReportsOffsetLengthMetadataAndExpiry() {
        Pair p = friends();
        Map<String, String> metadata = RawTus.fileIn(p.conversation(), "résumé.txt");
        Api.Response created = p.tus().create(10, metadata).expect(201);
        String url = created.header("Location");
        assertThat(url).startsWith(baseUrl() + "/api/uploads/");
        assertThat(created.header("Upload-Offset")).isEqualTo("0");
        assertThat(created.header("Upload-Expires")).endsWith("GMT");
        assertThat(created.header("Tus-Resumable")).isEqualTo("1.0.0");

        Api.Response head = p.tus().head(url).expect(200);
        assertThat(head.header("Upload-Offset")).isEqualTo("0");
        assertThat(head.header("Upload-Length")).isEqualTo("10");
        assertThat(head.header("Upload-Metadata")).isEqualTo(RawTus.metadata(metadata));
        assertThat(head.header("Cache-Control")).isEqualTo("no-store");
        assertThat(head.header("Upload-Expires")).isNotNull();

        Api.Response patched = p.tus().patch(url, 0, "0123".getBytes()).expect(204);
        assertThat(patched.header("Upload-Offset")).isEqualTo("4");
        assertThat(patched.header("Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(p.tus().head(url).expect(200).header("Upload-Offset")).isEqualTo("4");
    }

    @Test
    void refusesWhatTheProtocolForbids() {
        Pair p = friends();
        String url = p.tus().created(10, p.conversation(), "a.bin");

        Api.Response wrongVersion = p.tus()
                .send(p.tus()
                        .request(url)
                        .setHeader("Tus-Resumable", "0.2.2")
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(wrongVersion.status()).isEqualTo(412);
        assertThat(wrongVersion.header("Tus-Version")).isEqualTo("1.0.0");
        p.tus()
                .send(p.tus()
                        .request(url)
                        .setHeader("Tus-Resumable", "0.2.2")
                        .header("Upload-Offset", "0")
                        .header("Content-Type", "application/offset+octet-stream")
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[2])))
                .expectProblem(412, "tus_version_unsupported");

        p.tus()
                .send(p.tus()
                        .request(url)
                        .header("Upload-Offset", "0")
                        .header("Content-Type", "application/octet-stream")
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[2])))
                .expectProblem(415, "unsupported_media_type");

        JsonNode mismatch = p.tus().patch(url, 3, new byte[2]).expectProblem(409, "offset_mismatch");
        assertThat(mismatch.path("offset").asLong()).isZero();
        p.tus().patch(url, 0, new byte[11]).expectProblem(413, "upload_too_large");
        assertThat(p.tus().head(url).header("Upload-Offset")).isEqualTo("0");

        p.tus()
                .create(100L * 1024 * 1024 + 1, RawTus.fileIn(p.conversation(), "huge.bin"))
                .expectProblem(413, "upload_too_large");
        p.tus().create(10, Map.of("filename", "x")).expectProblem(400, "validation_failed");
        p.tus()
                .send(p.tus().request("/api/uploads").POST(HttpRequest.BodyPublishers.noBody()))
                .expectProblem(400, "invalid_header");
    }

    /**
     * A PATCH far over the upload's length, sent in one go by a client that does not wait for
     * an early answer, declared (refused before a byte is read) or chunked (refused at the
     * limit): it reads the 413, not a connection reset.
     */
    @Test
    void anOversizedPatchSentInOneGoGetsThe413() throws IOException {
        Pair p = friends();
        byte[] body = new byte[4 * 1024 * 1024];
        for (int i = 0; i < 5; i++) {
            for (boolean chunked : new boolean[] {false, true}) {
                String url = p.tus().created(1024 * 1024, p.conversation(), "big.bin");
                String answer = RawHttp.send(
                        port,
                        "PATCH",
                        URI.create(url).getPath(),
                        p.alice().token(),
                        Map.of(
                                "Tus-Resumable", "1.0.0",
                                "Upload-Offset", "0",
                                "Content-Type", "application/offset+octet-stream"),
                        body,
                        chunked);
                assertThat(answer).startsWith("HTTP/1.1 413");
                assertThat(answer.toLowerCase(java.util.Locale.ROOT)).contains("connection: close");
                assertThat(answer).contains("\"code\":\"upload_too_large\"");
            }
        }
    }

    @Test
    void checksumsAreCheckedAndAMismatchDiscardsTheChunk() throws Exception {
        Pair p = friends();
        String url = p.tus().created(12, p.conversation(), "sums.bin");
        byte[] first = "hello, ".getBytes();
        byte[] second = "tus!!".getBytes();

        p.tus()
                .patch(url, 0, first, "Upload-Checksum", "sha1 " + digest("SHA-1", first))
                .expect(204);
        Api.Response bad = p.tus().patch(url, 7, second, "Upload-Checksum", "sha256 " + digest("SHA-256", first));
        assertThat(bad.status()).isEqualTo(460);
        assertThat(bad.json().path("code").asString()).isEqualTo("checksum_mismatch");
        assertThat(p.tus().head(url).header("Upload-Offset")).isEqualTo("7");
        p.tus()
                .patch(url, 7, second, "Upload-Checksum", "md5 " + digest("MD5", second))
                .expectProblem(400, "checksum_algorithm_unsupported");
        p.tus()
                .patch(url, 7, second, "Upload-Checksum", "sha256 " + digest("SHA-256", second))
                .expect(204);

        // Complete: HEAD says so (offset = length) and no more bytes are taken.
        Api.Response done = p.tus().head(url).expect(200);
        assertThat(done.header("Upload-Offset")).isEqualTo("12");
        assertThat(done.header("Upload-Length")).isEqualTo("12");
        p.tus().patch(url, 12, new byte[1]).expectProblem(409, "upload_finished");
    }

    @Test
    void anotherUsersUploadIsNotFound() {
        Pair p = friends();
        String url = p.tus().created(10, p.conversation(), "mine.bin");
        RawTus bob = new RawTus(p.bob(), baseUrl());
        assertThat(bob.head(url).status()).isEqualTo(404);
        bob.patch(url, 0, new byte[2]).expectProblem(404, "not_found");
        bob.delete(url).expectProblem(404, "not_found");

        Person stranger = Person.signUp(port, "eve");
        new RawTus(stranger, baseUrl())
                .create(10, RawTus.fileIn(p.conversation(), "intrude.bin"))
                .expectProblem(404, "not_found");
        assertThat(p.tus().head(url).header("Upload-Offset")).isEqualTo("0");
    }

    @Test
    void terminationDeletesTheUpload() {
        Pair p = friends();
        String url = p.tus().created(10, p.conversation(), "gone.bin");
        p.tus().patch(url, 0, new byte[4]).expect(204);
        p.tus().delete(url).expect(204);
        assertThat(p.tus().head(url).status()).isEqualTo(404);
        p.tus().patch(url, 4, new byte[2]).expectProblem(404, "not_found");
    }

    @Test
    void terminationEndsAStalledPatchFirst() throws IOException {
        Pair p = friends();
        byte[] data = Uploading.randomBytes(5000, 8);
        String url = p.tus().created(data.length, p.conversation(), "stalled.bin");
        try (StreamClient stream = StreamClient.open(
                        Transport.WEBSOCKET,
                        baseUrl(),
                        p.alice().token(),
                        p.alice().cursorNow());
                Socket stalled = stallingPatch(url, p.alice(), data, 700)) {
            awaitProgress(stream, 700);
            p.tus().delete(url).expect(204);
            assertThat(p.tus().head(url).status()).isEqualTo(404);
        }
    }

    @Test
    void locationHonoursForwardedHeaders() {
        Pair p = friends();
        Api.Response created = p.tus()
                .send(p.tus()
                        .request("/api/uploads")
                        .header("Upload-Length", "5")
                        .header("Upload-Metadata", RawTus.metadata(RawTus.fileIn(p.conversation(), "p.bin")))
                        .header("X-Forwarded-Proto", "https")
                        .header("X-Forwarded-Host", "chat.example.org")
                        .header("X-Forwarded-Prefix", "/tidings")
                        .POST(HttpRequest.BodyPublishers.noBody()))
                .expect(201);
        assertThat(created.header("Location")).matches("https://chat\\.example\\.org/tidings/api/uploads/[\\w-]{22}");
    }

    @Test
    void cookieAuthenticatedChangesNeedTheCsrfHeader() {
        Pair p = friends();
        String url = p.tus().created(4, p.conversation(), "c.bin");
        String path = url.substring(baseUrl().length());
        Api cookieOnly = p.alice().api();
        Api.Response refused = cookieOnly.execute(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[4]))
                .build());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Tus-Resumable")).isEqualTo("1.0.0");
        // Refused unread, so that connection is not reused (Reactor Netty hung the next request on it).
        assertThat(refused.header("Connection")).isEqualTo("close");
        Api.Response accepted =
                cookieOnly.execute(java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl() + path))
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Offset", "0")
                        .header("Content-Type", "application/offset+octet-stream")
                        .header("X-XSRF-TOKEN", cookieOnly.cookie("XSRF-TOKEN"))
                        .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(new byte[4]))
                        .build());
        assertThat(accepted.status()).isEqualTo(204);
    }

    @Test
    void aSecondPatchIsRefusedAndAHeadReleasesTheStalledOne() throws Exception {
        Pair p = friends();
        byte[] data = Uploading.randomBytes(3000, 7);
        String url = p.tus().created(data.length, p.conversation(), "stall.bin");
        try (StreamClient stream = StreamClient.open(
                Transport.WEBSOCKET, baseUrl(), p.alice().token(), p.alice().cursorNow())) {
            Socket stalled = stallingPatch(url, p.alice(), data, 1000);
            JsonNode progress = awaitProgress(stream, 1000);
            assertThat(progress.path("uploadId").asString()).isEqualTo(url.substring(url.lastIndexOf('/') + 1));
            assertThat(progress.path("length").asLong()).isEqualTo(data.length);

            // Never interleaved: the second writer is refused while the first holds the lock.
            p.tus().patch(url, 0, Arrays.copyOf(data, 10)).expectProblem(423, "upload_locked");

            // The client gives up on the first PATCH and asks where to resume: the HEAD ends it.
            Api.Response head = p.tus().head(url).expect(200);
            assertThat(head.header("Upload-Offset")).isEqualTo("1000");
            p.tus()
                    .patch(url, 1000, Arrays.copyOfRange(data, 1000, data.length))
                    .expect(204);
            stalled.close();

            JsonNode attachment = Uploading.awaitAttachment(stream, WAIT).path("attachment");
            assertThat(Uploading.download(
                            p.bob(), "/api/files/" + attachment.path("fileId").asLong()))
                    .isEqualTo(data);
        }
    }

    @Test
    void eachPatchLetsGoOfTheLockWithItsOffset() throws Exception {
        Pair p = friends();
        byte[] data = Uploading.randomBytes(3000, 9);
        String url = p.tus().created(data.length, p.conversation(), "chunks.bin");
        // The offset and the lock's release are one statement: the next PATCH, sent at once,
        // finds the upload free rather than 423.
        p.tus().patch(url, 0, Arrays.copyOf(data, 1000)).expect(204);
        Api.Response second =
                p.tus().patch(url, 1000, Arrays.copyOfRange(data, 1000, 2000)).expect(204);
        assertThat(second.header("Upload-Offset")).isEqualTo("2000");

        // A client that hangs up mid-PATCH: what arrived is kept, and the lock goes with it.
        String dropped = p.tus().created(data.length, p.conversation(), "dropped.bin");
        try (Socket socket = stallingPatch(dropped, p.alice(), data, 1000)) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!"1000".equals(p.tus().head(dropped).expect(200).header("Upload-Offset"))
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        p.tus()
                .patch(dropped, 1000, Arrays.copyOfRange(data, 1000, data.length))
                .expect(204);
        assertThat(p.tus().head(dropped).expect(200).header("Upload-Offset")).isEqualTo("3000");
    }

    @Test
    void aLargeChunkWithAWrongChecksumIsDiscardedAfterItsEarlyWriteBacks() throws Exception {
        // Several MiB: bytes are forced early while the body streams, and a mismatch still
        // discards them all; the right chunk then arrives whole.
        Pair p = friends();
        byte[] data = Uploading.randomBytes(5 * Uploading.MIB + 321, 13);
        String url = p.tus().created(data.length, p.conversation(), "sums-large.bin");
        byte[] other = data.clone();
        other[other.length / 2] ^= 1;
        try (StreamClient bob = StreamClient.open(
                Transport.WEBSOCKET, baseUrl(), p.bob().token(), p.bob().cursorNow())) {
            Api.Response bad = p.tus().patch(url, 0, data, "Upload-Checksum", "sha256 " + digest("SHA-256", other));
            assertThat(bad.status()).isEqualTo(460);
            assertThat(p.tus().head(url).expect(200).header("Upload-Offset")).isEqualTo("0");
            p.tus()
                    .patch(url, 0, data, "Upload-Checksum", "sha256 " + digest("SHA-256", data))
                    .expect(204);
            JsonNode attachment = Uploading.awaitAttachment(bob, WAIT).path("attachment");
            assertThat(Uploading.download(
                            p.bob(), "/api/files/" + attachment.path("fileId").asLong()))
                    .isEqualTo(data);
        }
    }

    @Test
    void aLargePatchDroppedMidwayKeepsWhatArrivedByteForByte() throws Exception {
        // Megabytes: the hang-up comes with many pieces between the socket and the file.
        Pair p = friends();
        byte[] data = Uploading.randomBytes(6 * Uploading.MIB, 12);
        int sent = 3 * Uploading.MIB + 12_345;
        String url = p.tus().created(data.length, p.conversation(), "dropped-large.bin");
        try (StreamClient bob = StreamClient.open(
                Transport.WEBSOCKET, baseUrl(), p.bob().token(), p.bob().cursorNow())) {
            stallingPatch(url, p.alice(), data, sent).close();
            // The server saves what it read before the hang-up; a HEAD that comes first ends the
            // PATCH sooner. Either way the resume starts from a saved offset whose bytes are whole.
            long deadline = System.nanoTime() + WAIT.toNanos();
            long offset = 0;
            long before = -1;
            while ((offset == 0 || offset != before) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                before = offset;
                offset = Long.parseLong(p.tus().head(url).expect(200).header("Upload-Offset"));
            }
            assertThat(offset).isPositive().isLessThanOrEqualTo(sent);
            p.tus()
                    .patch(url, offset, Arrays.copyOfRange(data, (int) offset, data.length))
                    .expect(204);
            JsonNode attachment = Uploading.awaitAttachment(bob, WAIT).path("attachment");
            assertThat(Uploading.download(
                            p.bob(), "/api/files/" + attachment.path("fileId").asLong()))
                    .isEqualTo(data);
        }
    }

    @Test
    void progressEventsReachOnlyTheUploader() {
        Pair p = friends();
        byte[] data = Uploading.randomBytes(4 * Uploading.MIB, 11);
        String url = p.tus().created(data.length, p.conversation(), "big.bin");
        try (StreamClient alice = StreamClient.open(
                        Transport.WEBSOCKET,
                        baseUrl(),
                        p.alice().token(),
                        p.alice().cursorNow());
                StreamClient bob = StreamClient.open(
                        Transport.WEBSOCKET, baseUrl(), p.bob().token(), p.bob().cursorNow())) {
            p.tus().patch(url, 0, data).expect(204);
            JsonNode last = awaitProgress(alice, data.length);
            assertThat(last.path("length").asLong()).isEqualTo(data.length);
            assertThat(last.path("bytesPerSecond").asLong()).isPositive();
            assertThat(last.path("etaSeconds").asLong()).isZero();
            Uploading.awaitAttachment(bob, WAIT);
            assertThat(bob.frames.stream().map(f -> f.path("type").asString())).doesNotContain("upload.progress");
        }
    }

    /**
     * A PATCH that announces all the bytes, sends the first {@code sent}, then stalls like a dead
     * mobile connection: written on a raw socket, so nothing buffers or completes it.
     */
    static Socket stallingPatch(String url, Person person, byte[] data, int sent) throws IOException {
        URI target = URI.create(url);
        Socket socket = new Socket(target.getHost(), target.getPort());
        OutputStream out = socket.getOutputStream();
        out.write(("PATCH " + target.getPath() + " HTTP/1.1\r\nHost: " + target.getHost() + ":" + target.getPort()
                        + "\r\nAuthorization: Bearer " + person.token()
                        + "\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0"
                        + "\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: " + data.length
                        + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(data, 0, sent);
        out.flush();
        return socket;
    }

    /** Waits for upload.progress at {@code offset}; checks the offsets seen on the way only grow. */
    static JsonNode awaitProgress(StreamClient stream, long offset) {
        List<JsonNode> seen = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = stream.next(Duration.ofMillis(200));
            if (frame == null || !"upload.progress".equals(frame.path("type").asString())) {
                continue;
            }
            seen.add(frame.path("data"));
            assertThat(seen.stream().map(d -> d.path("offset").asLong()).toList())
                    .isSorted();
            if (frame.path("data").path("offset").asLong() == offset) {
                return frame.path("data");
            }
        }
        throw new AssertionError("No upload.progress at offset " + offset + "; saw " + seen);
    }

    private static String digest(String algorithm, byte[] data) throws Exception {
        return Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance(algorithm).digest(data));
    }
}
