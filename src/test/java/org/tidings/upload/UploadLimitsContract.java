package org.tidings.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tidings.upload.Uploading.MIB;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Person;
import org.tidings.testing.RawTus;

/** Size limit, quota, expiry and stalls, on a server configured small enough to reach them quickly. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
@TestPropertySource(
        properties = {
            "tidings.uploads.max-size=1MB",
            "tidings.uploads.user-quota=3MB",
            "tidings.uploads.expiry=2s",
            "tidings.uploads.sweep-interval=500ms",
            "tidings.uploads.stall-timeout=1s",
            // A context of its own: a small pool keeps all test contexts inside PostgreSQL's limit.
            "tidings.db.postgres-pool-size=4",
            "tidings.db.sqlite-pool-size=4"
        })
abstract class UploadLimitsContract {

    @LocalServerPort
    int port;

    @Autowired
    UploadSettings settings;

    RawTus aliceIn(long[] conversation) {
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        conversation[0] = alice.befriend(bob);
        return new RawTus(alice, "http://localhost:" + port);
    }

    @Test
    void aDeferredUploadIsStoppedAtTheSizeLimitWhileStreaming() {
        long[] conversation = new long[1];
        RawTus tus = aliceIn(conversation);
        String url = tus.createdDeferred(conversation[0], "endless.bin");
        assertThat(tus.head(url).header("Upload-Defer-Length")).isEqualTo("1");
        tus.patch(url, 0, Uploading.randomBytes(MIB / 2, 1)).expect(204);
        tus.patch(url, MIB / 2, Uploading.randomBytes(MIB, 2)).expectProblem(413, "upload_too_large");
        long offset = Long.parseLong(tus.head(url).expect(200).header("Upload-Offset"));
        assertThat(offset).isBetween((long) MIB / 2, (long) MIB);
        tus.patch(url, offset, new byte[1], "Upload-Length", Long.toString(MIB + 1))
                .expectProblem(413, "upload_too_large");
    }

    @Test
    void theQuotaCountsFilesAndUnfinishedUploads() {
        long[] conversation = new long[1];
        RawTus tus = aliceIn(conversation);
        tus.upload(conversation[0], "one.bin", Uploading.randomBytes(MIB, 3));
        tus.created(MIB, conversation[0], "two.bin");
        tus.created(MIB - 100, conversation[0], "three.bin");
        tus.create(200, RawTus.fileIn(conversation[0], "four.bin")).expectProblem(413, "quota_exceeded");
        // A deferred upload counts at what it received, then at the length it declares.
        String deferred = tus.createdDeferred(conversation[0], "five.bin");
        tus.patch(deferred, 0, new byte[50]).expect(204);
        tus.patch(deferred, 50, new byte[50], "Upload-Length", "1000").expectProblem(413, "quota_exceeded");
        tus.patch(deferred, 50, new byte[50], "Upload-Length", "100").expect(204);
    }

    @Test
    void aStalledPatchIsEndedKeepingWhatArrived() throws Exception {
        long[] conversation = new long[1];
        RawTus tus = aliceIn(conversation);
        byte[] data = Uploading.randomBytes(4000, 4);
        String url = tus.created(data.length, conversation[0], "stalled.bin");
        try (Socket stalled = TusProtocolContract.stallingPatch(url, tus.person(), data, 1500)) {
            // No HEAD, no other request: the server ends the silent PATCH by itself, saves the
            // 1,500 bytes and lets go of the lock, so the next PATCH goes through.
            stalled.setSoTimeout(30_000);
            String status = new BufferedReader(
                            new InputStreamReader(stalled.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            assertThat(status).startsWith("HTTP/1.1 408");
        }
        tus.patch(url, 1500, Arrays.copyOfRange(data, 1500, data.length)).expect(204);
    }

    @Test
    void aSlowPatchThatKeepsSendingIsNotEnded() throws Exception {
        // A piece every 600 ms for 3.6 s: never a second without a byte, though the whole body
        // takes more than three stall timeouts.
        byte[] data = Uploading.randomBytes(4000, 5);
        long[] conversation = new long[1];
        RawTus tus = aliceIn(conversation);
        String url = tus.created(data.length, conversation[0], "slow.bin");
        try (Socket slow = TusProtocolContract.stallingPatch(url, tus.person(), data, 1000)) {
            OutputStream out = slow.getOutputStream();
            for (int offset = 1000; offset < data.length; offset += 500) {
                Thread.sleep(600);
                out.write(data, offset, 500);
                out.flush();
            }
            assertThat(answerTo(slow)).startsWith("HTTP/1.1 204");
        }
        assertThat(tus.head(url).expect(200).header("Upload-Offset")).isEqualTo("4000");
    }

    private static String answerTo(Socket request) throws IOException {
        request.setSoTimeout(30_000);
        return new BufferedReader(new InputStreamReader(request.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
    }

    @Test
    void unfinishedUploadsExpireAndAreSwept() throws Exception {
        long[] conversation = new long[1];
        RawTus tus = aliceIn(conversation);
        String url = tus.created(100, conversation[0], "late.bin");
        tus.patch(url, 0, new byte[10]).expect(204);
        Path bytes = settings.incoming(url.substring(url.lastIndexOf('/') + 1));
        assertThat(bytes).exists();

        // Nothing touches it for longer than the expiry (a PATCH would extend it): 410 while the
        // expired row is still there, 404 once the sweeper took it.
        Thread.sleep(2500);
        assertThat(tus.patch(url, 10, new byte[10]).status()).isIn(410, 404);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (tus.head(url).status() != 404 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(tus.head(url).status()).isEqualTo(404);
        assertThat(Files.exists(bytes)).isFalse();
    }
}
