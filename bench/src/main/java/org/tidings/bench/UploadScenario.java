package org.tidings.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/**
 * Scenario 6: MB/s of a tus upload against a plain file copy (with fsync) on the same disk. The
 * tus server is asked first ({@code OPTIONS}); when it does not answer as tus 1.0, the upload is
 * reported as not available and only the copy is measured.
 */
final class UploadScenario {

    static final String TUS_PATH = "/api/uploads";
    private static final int CHUNK = 8 * 1024 * 1024;

    private UploadScenario() {}

    static void run(TidingsTarget target, Path scratch, int megabytes, Results results) throws Exception {
        Path source = scratch.resolve("upload-source.bin");
        writeRandom(source, megabytes);
        var key = new Results.Key("uploads", "Tidings", "", megabytes + " MiB");
        results.add(key, "file copy MB/s", copy(source, scratch.resolve("upload-copy.bin"), megabytes));
        TidingsApi.User owner = target.users().getFirst();
        String token = owner.token();
        if (!tusAvailable(target.httpClient(), target.api().base(), token)) {
            results.note(
                    "uploads",
                    "tus upload: **not available** — the server does not answer `OPTIONS " + TUS_PATH
                            + "` as a tus 1.0 server (the uploads feature is not on this build), so only the plain"
                            + " file copy was measured.");
            System.out.println("  uploads: tus not available on this server; measured the file copy only");
        } else {
            // An upload belongs to a conversation the uploader may send to: a group of their own.
            long conversation = target.api().group(owner, "uploads", List.of(owner));
            results.add(
                    key,
                    "tus MB/s",
                    tus(target.httpClient(), target.api().base(), token, conversation, source, megabytes));
        }
        Files.deleteIfExists(source);
        Files.deleteIfExists(scratch.resolve("upload-copy.bin"));
    }

    private static String base64(String value) {
        return java.util.Base64.getEncoder().encodeToString(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static boolean tusAvailable(HttpClient http, String base, String token) throws Exception {
        HttpResponse<Void> options = http.send(
                HttpRequest.newBuilder(URI.create(base + TUS_PATH))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Tus-Resumable", "1.0.0")
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        return options.statusCode() < 300 && options.headers().firstValue("Tus-Version").isPresent();
    }

    private static double tus(
            HttpClient http, String base, String token, long conversation, Path source, int megabytes)
            throws Exception {
        long length = Files.size(source);
        long start = System.nanoTime();
        HttpResponse<Void> created = http.send(
                HttpRequest.newBuilder(URI.create(base + TUS_PATH))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .header("Tus-Resumable", "1.0.0")
                        .header("Upload-Length", Long.toString(length))
                        .header("Upload-Metadata", "conversationId " + base64(Long.toString(conversation)) + ",filename "
                                + base64("bench.bin"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (created.statusCode() != 201) {
            throw new IOException("tus creation of " + length + " bytes answered " + created.statusCode()
                    + " (the server's tidings.uploads.max-size is 100 MiB by default)");
        }
        URI location = URI.create(base).resolve(created.headers().firstValue("Location").orElseThrow());
        byte[] chunk = new byte[CHUNK];
        try (FileChannel in = FileChannel.open(source)) {
            long offset = 0;
            while (offset < length) {
                int n = in.read(ByteBuffer.wrap(chunk));
                HttpResponse<Void> patched = http.send(
                        HttpRequest.newBuilder(location)
                                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk, 0, n))
                                .header("Tus-Resumable", "1.0.0")
                                .header("Upload-Offset", Long.toString(offset))
                                .header("Content-Type", "application/offset+octet-stream")
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (patched.statusCode() != 204) {
                    throw new IOException("tus PATCH answered " + patched.statusCode());
                }
                offset += n;
            }
        }
        return megabytes * 1.048576 / ((System.nanoTime() - start) / 1e9);
    }

    private static void writeRandom(Path file, int megabytes) throws IOException {
        byte[] block = new byte[1024 * 1024];
        Random random = new Random(42);
        try (FileChannel out = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (int i = 0; i < megabytes; i++) {
                random.nextBytes(block);
                out.write(ByteBuffer.wrap(block));
            }
            out.force(true);
        }
    }

    /** Copies and forces the copy to disk, as a durable upload must. */
    private static double copy(Path from, Path to, int megabytes) throws IOException {
        long start = System.nanoTime();
        try (FileChannel in = FileChannel.open(from);
                FileChannel out = FileChannel.open(
                        to, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            long size = in.size();
            long done = 0;
            while (done < size) {
                done += in.transferTo(done, size - done, out);
            }
            out.force(true);
        }
        return megabytes * 1.048576 / ((System.nanoTime() - start) / 1e9);
    }
}
