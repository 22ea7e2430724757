package org.tidings.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tidings.upload.Uploading.MIB;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Person;
import org.tidings.testing.StreamClient;
import org.tidings.testing.StreamClient.Transport;
import org.tidings.testing.TusJsClient;
import tools.jackson.databind.JsonNode;

/**
 * tus-js-client, a real third-party tus client running in Node, against the real server: chunked
 * uploads, an abort and a resume from where the server says, creation-with-upload and deferred
 * length; each ends as a byte-identical attachment in the conversation.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
abstract class TusClientContract {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    String baseUrl() {
        return "http://localhost:" + port;
    }

    @Test
    void chunkedUploadAbortedMidwayResumesToAnIdenticalFile() {
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        long conversation = alice.befriend(bob);
        byte[] data = Uploading.randomBytes(6 * MIB + 12345, 1);
        Path file = Uploading.write(data, "holiday photos.bin");

        try (StreamClient bobStream = StreamClient.open(Transport.WEBSOCKET, baseUrl(), bob.token(), bob.cursorNow())) {
            Map<String, Object> options = Uploading.tusOptions(baseUrl(), alice, conversation, file);
            options.put("chunkSize", MIB);
            options.put("abortAt", 2 * MIB + MIB / 2);
            TusJsClient first = TusJsClient.run(options, WAIT);
            assertThat(first.events("aborted")).hasSize(1);
            assertThat(first.patchOffsets()).startsWith(0L, (long) MIB, 2L * MIB);
            String url = first.uploadUrl();

            options.remove("abortAt");
            options.put("uploadUrl", url);
            TusJsClient second = TusJsClient.run(options, WAIT);
            assertThat(second.succeeded()).as("events %s", second.events()).isTrue();
            List<Long> resumed = second.patchOffsets();
            assertThat(resumed.getFirst()).as("resumes where the server says").isGreaterThanOrEqualTo(2L * MIB);
            assertThat(resumed).isSorted().doesNotHaveDuplicates();
            // Resumed, not restarted: the HEAD is the first request, no second POST.
            assertThat(second.events("request").getFirst().path("method").asString())
                    .isEqualTo("HEAD");

            JsonNode message = Uploading.awaitAttachment(bobStream, WAIT);
            JsonNode attachment = message.path("attachment");
            assertThat(message.path("body").asString()).isEqualTo("holiday photos.bin");
            assertThat(message.path("sender").path("id").asLong()).isEqualTo(alice.id());
            assertThat(attachment.path("name").asString()).isEqualTo("holiday photos.bin");
            assertThat(attachment.path("size").asLong()).isEqualTo(data.length);
            assertThat(attachment.path("type").asString()).isEqualTo("application/octet-stream");
            assertThat(attachment.has("thumbnail")).isFalse();
            assertThat(Uploading.download(
                            bob, "/api/files/" + attachment.path("fileId").asLong()))
                    .isEqualTo(data);
        }
    }

    @Test
    void creationWithUploadSendsTheFirstChunkWithThePost() {
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        long conversation = alice.befriend(bob);
        byte[] data = Uploading.randomBytes(3 * MIB + 7, 2);
        Path file = Uploading.write(data, "notes.bin");

        try (StreamClient aliceStream =
                StreamClient.open(Transport.WEBSOCKET, baseUrl(), alice.token(), alice.cursorNow())) {
            Map<String, Object> options = Uploading.tusOptions(baseUrl(), alice, conversation, file);
            options.put("chunkSize", MIB);
            options.put("withUpload", true);
            TusJsClient client = TusJsClient.run(options, WAIT);
            assertThat(client.succeeded()).as("events %s", client.events()).isTrue();
            JsonNode post = client.events("response").getFirst();
            assertThat(post.path("method").asString()).isEqualTo("POST");
            assertThat(post.path("status").asInt()).isEqualTo(201);
            assertThat(post.path("offset").asString()).isEqualTo(Long.toString(MIB));
            assertThat(client.patchOffsets()).containsExactly((long) MIB, 2L * MIB, 3L * MIB);

            JsonNode attachment = Uploading.awaitAttachment(aliceStream, WAIT).path("attachment");
            assertThat(Uploading.download(
                            bob, "/api/files/" + attachment.path("fileId").asLong()))
                    .isEqualTo(data);
        }
    }

    @Test
    void deferredLengthIsDeclaredWithTheLastChunk() {
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        long conversation = alice.befriend(bob);
        byte[] data = Uploading.randomBytes(2 * MIB + 999, 3);
        Path file = Uploading.write(data, "stream.bin");

        try (StreamClient aliceStream =
                StreamClient.open(Transport.WEBSOCKET, baseUrl(), alice.token(), alice.cursorNow())) {
            Map<String, Object> options = Uploading.tusOptions(baseUrl(), alice, conversation, file);
            options.put("chunkSize", MIB);
            options.put("deferred", true);
            TusJsClient client = TusJsClient.run(options, WAIT);
            assertThat(client.succeeded()).as("events %s", client.events()).isTrue();
            assertThat(client.patchOffsets()).containsExactly(0L, (long) MIB, 2L * MIB);

            JsonNode attachment = Uploading.awaitAttachment(aliceStream, WAIT).path("attachment");
            assertThat(attachment.path("size").asLong()).isEqualTo(data.length);
            assertThat(Uploading.download(
                            bob, "/api/files/" + attachment.path("fileId").asLong()))
                    .isEqualTo(data);
        }
    }
}
