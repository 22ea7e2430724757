package org.tidings.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.tidings.testing.Person;
import org.tidings.testing.StreamClient;
import org.tidings.testing.TempDirs;
import tools.jackson.databind.JsonNode;

/** Helpers the upload tests share: test files, tus-js-client options, waiting for attachments. */
final class Uploading {

    static final int MIB = 1 << 20;

    private Uploading() {}

    /** Random bytes: no compression or deduplication anywhere can make a wrong file look right. */
    static byte[] randomBytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    static Path write(byte[] data, String name) {
        try {
            Path file = TempDirs.create("tidings-upload-src").resolve(name);
            Files.write(file, data);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Options for upload.mjs: who uploads what into which conversation. */
    static Map<String, Object> tusOptions(String baseUrl, Person uploader, long conversationId, Path file) {
        Map<String, Object> options = new HashMap<>();
        options.put("endpoint", baseUrl + "/api/uploads");
        options.put("token", uploader.token());
        options.put("file", file.toAbsolutePath().toString());
        options.put("filename", file.getFileName().toString());
        options.put("conversationId", conversationId);
        return options;
    }

    /** The next message.created on the stream that carries an attachment. */
    static JsonNode awaitAttachment(StreamClient stream, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode frame = stream.next(Duration.ofMillis(200));
            if (frame != null
                    && "message.created".equals(frame.path("type").asString())
                    && frame.path("data").has("attachment")) {
                return frame.path("data");
            }
        }
        throw new AssertionError("No message with an attachment arrived in " + timeout);
    }

    static byte[] download(Person person, String path) {
        HttpResponse<byte[]> response = person.api().download(path);
        assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
        return response.body();
    }
}
