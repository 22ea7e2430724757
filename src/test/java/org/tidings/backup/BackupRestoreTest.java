package org.tidings.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tidings.testing.Api;
import org.tidings.testing.Person;
import org.tidings.testing.RawTus;
import org.tidings.testing.ServerProcess;
import org.tidings.testing.TempDirs;
import tools.jackson.databind.JsonNode;

/**
 * A backup taken from the command line while a real server keeps taking messages, restored into an
 * empty directory and served by a new server: nothing acknowledged before the backup began is
 * missing, files are byte-identical, sessions and tokens still work, and cursors from before get 410
 * {@code cursor_expired} (the documented choice: the restored log is a different timeline).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BackupRestoreTest {

    @Test
    void aBackupUnderContinuousSendsRestoresEverythingAcknowledgedBeforeIt() throws Exception {
        Path dataDir = TempDirs.create("tidings-backup-source");
        Path archive = TempDirs.create("tidings-backup-archive").resolve("tidings-backup.zip");
        Path restored = TempDirs.create("tidings-backup-restored").resolve("data");
        byte[] photo = new byte[300_000];
        new java.util.Random(7).nextBytes(photo);

        long conversation;
        String sessionCookie;
        String token;
        String oldCursor;
        long fileId;
        Set<Long> ackedBeforeBackup;
        String unfinishedUpload;
        Person alice;
        try (ServerProcess server = new ServerProcess(serving(dataDir)).start()) {
            alice = Person.signUp(server.port(), "alice");
            Person bob = Person.signUp(server.port(), "bob");
            conversation = alice.befriend(bob);
            fileId = new RawTus(alice, server.baseUrl())
                    .attach(conversation, "photo.bin", photo)
                    .path("fileId")
                    .asLong();
            // An upload that is half done when the backup is taken.
            RawTus tus = new RawTus(alice, server.baseUrl());
            unfinishedUpload = java.net
                    .URI
                    .create(tus.created(photo.length, conversation, "half.bin"))
                    .getPath();
            tus.patch(unfinishedUpload, 0, java.util.Arrays.copyOf(photo, 100_000))
                    .expect(204);
            sessionCookie = alice.api().cookie("tidings_session");
            token = alice.token();
            oldCursor = alice.cursorNow();

            Set<Long> acked = ConcurrentHashMap.newKeySet();
            AtomicBoolean sending = new AtomicBoolean(true);
            Thread sender = Thread.ofPlatform().start(() -> {
                for (int i = 0; sending.get(); i++) {
                    acked.add(
                            alice.send(conversation, "message " + i).path("id").asLong());
                }
            });
            try {
                awaitAtLeast(acked, 20);
                ackedBeforeBackup = new HashSet<>(acked);
                assertThat(tidingsCommand("backup", archive.toString(), "--data-dir", dataDir.toString()))
                        .isZero();
                // The server kept taking messages through the backup.
                int afterBackup = acked.size();
                awaitAtLeast(acked, afterBackup + 5);
            } finally {
                sending.set(false);
                sender.join();
            }
        }

        assertThat(tidingsCommand("restore", archive.toString(), "--data-dir", restored.toString()))
                .isZero();
        try (ServerProcess server = new ServerProcess(serving(restored)).start()) {
            Api bySession = new Api(server.port()).header("Cookie", "tidings_session=" + sessionCookie);
            Api byToken = new Api(server.port()).bearer(token);
            assertThat(bySession
                            .get("/api/me")
                            .expect(200)
                            .json()
                            .path("username")
                            .asString())
                    .startsWith("alice");
            byToken.get("/api/me").expect(200);

            assertThat(messageIds(byToken, conversation)).containsAll(ackedBeforeBackup);
            var download = byToken.download("/api/files/" + fileId);
            assertThat(download.statusCode()).isEqualTo(200);
            assertThat(download.body()).isEqualTo(photo);

            byToken.get("/api/events?after=" + oldCursor).expectProblem(410, "cursor_expired");

            // The half-done upload resumes where the backup left it and becomes an attachment.
            RawTus tus = new RawTus(
                    new Person(alice.id(), alice.username(), alice.displayName(), token, byToken), server.baseUrl());
            assertThat(tus.head(unfinishedUpload).expect(200).header("Upload-Offset"))
                    .isEqualTo("100000");
            tus.patch(unfinishedUpload, 100_000, java.util.Arrays.copyOfRange(photo, 100_000, photo.length))
                    .expect(204);
            long resumed = tus.awaitAttachment(conversation, "half.bin", photo.length)
                    .path("fileId")
                    .asLong();
            assertThat(byToken.download("/api/files/" + resumed).body()).isEqualTo(photo);
            // And the restored server goes on: a new cursor, a new message, delivered.
            String fresh = byToken.get("/api/events/cursor")
                    .expect(200)
                    .json()
                    .path("cursor")
                    .asString();
            byToken.post("/api/conversations/" + conversation + "/messages", Map.of("body", "after restore"))
                    .expect(201);
            JsonNode events =
                    byToken.get("/api/events?after=" + fresh).expect(200).json();
            assertThat(events.toString()).contains("after restore");
        }
    }

    @Test
    void restoreRefusesADirectoryThatIsNotEmpty() throws Exception {
        Path dir = TempDirs.create("tidings-restore-busy");
        Files.writeString(dir.resolve("tidings.db"), "someone's data");
        Path archive = TempDirs.create("tidings-restore-archive").resolve("a.zip");
        writeZip(archive, Map.of(Backup.MANIFEST, "format=1\n", "tidings.db", "x"));

        assertThat(tidingsCommand("restore", archive.toString(), "--data-dir", dir.toString()))
                .isEqualTo(1);
        assertThat(Files.readString(dir.resolve("tidings.db"))).isEqualTo("someone's data");
    }

    @Test
    void restoreRefusesAnArchiveThatWritesOutsideTheDataDirectory() throws Exception {
        Path parent = TempDirs.create("tidings-restore-escape");
        Path archive = parent.resolve("evil.zip");
        writeZip(archive, Map.of(Backup.MANIFEST, "format=1\n", "uploads/../../escaped.txt", "gotcha"));

        assertThat(tidingsCommand(
                        "restore",
                        archive.toString(),
                        "--data-dir",
                        parent.resolve("data").toString()))
                .isEqualTo(1);
        assertThat(parent.resolve("escaped.txt")).doesNotExist();
        assertThat(parent.getParent().resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void aMistypedCommandLineSaysHowToUseIt() throws Exception {
        assertThat(tidingsCommand("restore", "only-a-file.zip")).isEqualTo(2);
        assertThat(tidingsCommand("backup")).isEqualTo(2);
    }

    /** A server on that data directory, with the send rate raised for the continuous sender. */
    private static Map<String, String> serving(Path dataDir) {
        return Map.of(
                "tidings.db.data-dir", dataDir.toString(),
                "tidings.chat.send-burst", "100000",
                "tidings.chat.send-refill-per-second", "100000");
    }

    /** The server's own main class with these arguments, in a JVM of its own; its exit code. */
    private static int tidingsCommand(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                "org.tidings.TidingsApplication"));
        command.addAll(List.of(args));
        Path log = TempDirs.create("tidings-command").resolve("out.log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("tidings " + String.join(" ", args) + " did not finish");
        }
        System.out.println("tidings " + String.join(" ", args) + ": " + Files.readString(log));
        return process.exitValue();
    }

    private static Set<Long> messageIds(Api api, long conversation) {
        Set<Long> ids = new HashSet<>();
        String before = "";
        while (true) {
            JsonNode page = api.get("/api/conversations/" + conversation + "/messages?limit=200" + before)
                    .expect(200)
                    .json();
            for (JsonNode message : page.path("messages")) {
                ids.add(message.path("id").asLong());
            }
            if (!page.path("hasMore").asBoolean() || page.path("messages").isEmpty()) {
                return ids;
            }
            before = "&before=" + page.path("messages").get(0).path("seq").asLong();
        }
    }

    private static void awaitAtLeast(Set<Long> acked, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acked.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Only " + acked.size() + " sends acknowledged");
            }
            Thread.sleep(20);
        }
    }

    private static void writeZip(Path file, Map<String, String> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
    }
}
