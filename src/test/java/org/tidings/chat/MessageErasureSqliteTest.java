package org.tidings.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Person;
import org.tidings.testing.SqliteServer;
import tools.jackson.databind.JsonNode;

/**
 * Deleted means erased: after a delete, the text is in neither the SQLite database file nor its
 * write-ahead log (read as raw bytes), and the attachment's bytes and thumbnail are gone from
 * the upload directory.
 */
@SqliteServer
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MessageErasureSqliteTest {

    @LocalServerPort
    int port;

    @Value("${tidings.db.data-dir}")
    Path dataDir;

    @Test
    void deletedTextAndFilesAreGoneFromTheDatabaseFilesAndTheDisk() throws Exception {
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        long direct = alice.befriend(bob);
        String first = "zebra" + UUID.randomUUID();
        String second = "yak" + UUID.randomUUID();
        String fileName = "quokka" + UUID.randomUUID() + ".png";
        JsonNode secret = alice.send(direct, first);
        String path = "/api/conversations/" + direct + "/messages/";
        alice.api()
                .patch(path + secret.path("id").asLong(), Map.of("body", second))
                .expect(200);
        bob.api()
                .post(
                        "/api/conversations/" + direct + "/messages",
                        Map.of(
                                "body",
                                "quoting you",
                                "replyTo",
                                secret.path("id").asLong()))
                .expect(201);
        byte[] image = randomPng();
        // The server may be shared with other test classes whose uploads stay: only the files this
        // attachment added are ours to look for.
        List<Path> earlier = filesUnder(dataDir.resolve("uploads"));
        JsonNode attachment = attach(alice, direct, fileName, image);
        assertThat(attachment.path("attachment").has("thumbnail")).isTrue();
        List<Path> stored = new java.util.ArrayList<>(filesUnder(dataDir.resolve("uploads")));
        stored.removeAll(earlier);
        assertThat(stored.stream().anyMatch(p -> contentIs(p, image))).isTrue();
        assertThat(stored).anyMatch(p -> p.getFileName().toString().endsWith(".thumb.png"));
        // Sanity: before the delete the text is there to find, so the checks below can fail.
        assertThat(databaseFiles()).contains(first).contains(second).contains(fileName);

        alice.api().delete(path + secret.path("id").asLong()).expect(204);
        alice.api().delete(path + attachment.path("id").asLong()).expect(204);

        String raw = databaseFiles();
        assertThat(raw).doesNotContain(first).doesNotContain(second).doesNotContain(fileName);
        List<Path> left = filesUnder(dataDir.resolve("uploads"));
        assertThat(left).noneMatch(p -> contentIs(p, image));
        assertThat(left).doesNotContainAnyElementsOf(stored);
        bob.api()
                .get("/api/files/"
                        + attachment.path("attachment").path("fileId").asLong())
                .expectProblem(404, "not_found");
        // What stays: both tombstones with their seqs, and the reply (now quoting a deleted message).
        JsonNode history = bob.api()
                .get("/api/conversations/" + direct + "/messages")
                .expect(200)
                .json();
        assertThat(history.path("messages")).hasSize(3);
        assertThat(history.path("messages")
                        .get(1)
                        .path("replyTo")
                        .path("deleted")
                        .asBoolean())
                .isTrue();
    }

    /** The database and its write-ahead log as one string of bytes (text is stored as UTF-8). */
    private String databaseFiles() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String name : List.of("tidings.db", "tidings.db-wal", "tidings.db-journal")) {
            Path file = dataDir.resolve(name);
            if (Files.exists(file)) {
                all.writeBytes(Files.readAllBytes(file));
            }
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static boolean contentIs(Path file, byte[] data) {
        try {
            return Files.size(file) == data.length && Arrays.equals(Files.readAllBytes(file), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] randomPng() throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int x = 0; x < 64; x++) {
            for (int y = 0; y < 48; y++) {
                image.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** Uploads with the plain multipart endpoint and waits for the attachment's message. */
    private static JsonNode attach(Person sender, long conversation, String name, byte[] data)
            throws InterruptedException {
        String boundary = "erasure-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                        + "\"\r\nContent-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(data);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        long job = sender.api()
                .execute(HttpRequest.newBuilder(URI.create(
                                sender.api().baseUrl() + "/api/conversations/" + conversation + "/attachments"))
                        .header("Authorization", "Bearer " + sender.token())
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                        .build())
                .expect(202)
                .json()
                .path("jobId")
                .asLong();
        for (int i = 0; i < 200; i++) {
            JsonNode state = sender.api().get("/api/jobs/" + job).expect(200).json();
            if ("succeeded".equals(state.path("state").asString())) {
                long messageId = state.path("result").path("messageId").asLong();
                for (JsonNode m : sender.api()
                        .get("/api/conversations/" + conversation + "/messages")
                        .expect(200)
                        .json()
                        .path("messages")) {
                    if (m.path("id").asLong() == messageId) {
                        return m;
                    }
                }
            }
            assertThat(state.path("state").asString()).isIn("queued", "running", "succeeded");
            Thread.sleep(100);
        }
        throw new AssertionError("attachment job did not finish");
    }
}
