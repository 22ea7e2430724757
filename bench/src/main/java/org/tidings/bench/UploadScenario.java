package org.tidings.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;

/**
 * Scenario 6: MB/s of a tus upload against a plain file copy (with fsync) on the same disk. The
 * tus server is asked first ({@code OPTIONS}); when it does not answer as tus 1.0, the upload is
 * reported as not available and only the copy is measured.
 */
final class UploadScenario {

    static final String TUS_PATH = "/api/uploads";
    private static final int CHUNK = 8 * 1024 * 1024;
    // Six warm-up uploads and the five measured ones of 96 MiB stay under the default 2 GB quota.
    private static final int WARM_UP_ROUNDS = 3;

    private UploadScenario() {}

    static void run(TidingsTarget target, Path scratch, int megabytes, Duration warmUp, Results results) throws Exception {
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
            // Unmeasured uploads first: the server is fresh, and on its one core the JIT compiled the
            // upload path for the whole scenario (async-profiler: half of the server's samples were C2
            // during the measured uploads). Every other scenario has a warm-up; a long-running server is
            // past it. Both clients, for the warm-up time (the load generator's JIT warms up too), at
            // least one round and at most WARM_UP_ROUNDS: the files stay and count against the quota.
            long warmUpEnd = System.nanoTime() + warmUp.toNanos();
            int rounds = 0;
            do {
                tus(target.httpClient(), target.api().base(), token, conversation, source, megabytes);
                settle(target, token);
                tusSocket(target.httpClient(), target.api().base(), token, conversation, source, megabytes, CHUNK);
                settle(target, token);
            } while (System.nanoTime() < warmUpEnd && ++rounds < WARM_UP_ROUNDS);
            results.add(
                    key,
                    "tus MB/s",
                    tus(target.httpClient(), target.api().base(), token, conversation, source, megabytes));
            settle(target, token);
            results.add(
                    key,
                    "tus socket MB/s",
                    tusSocket(target.httpClient(), target.api().base(), token, conversation, source, megabytes, CHUNK));
            settle(target, token);
            // tus-js-client and most clients without a chunkSize send the whole file in one PATCH.
            results.add(
                    key,
                    "tus one-PATCH MB/s",
                    tusSocket(
                            target.httpClient(),
                            target.api().base(),
                            token,
                            conversation,
                            source,
                            megabytes,
                            Files.size(source)));
            settle(target, token);
            double curl = tusCurl(target.httpClient(), target.api().base(), token, conversation, source, megabytes);
            if (curl > 0) {
                results.add(key, "tus curl MB/s", curl);
            }
        }
        Files.deleteIfExists(source);
        Files.deleteIfExists(scratch.resolve("upload-copy.bin"));
    }

    /**
     * Waits until the user has no attachment job queued or running: the job that takes a finished upload
     * (a SHA-256 of its bytes, the type sniffing) ran on the server's one core during the next upload
     * and took more of it than that upload's own writes (async-profiler), so each upload is measured
     * alone, as the copy is.
     */
    private static void settle(TidingsTarget target, String token) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            boolean busy = false;
            for (var job : target.api().call("GET", "/api/jobs", token, null)) {
                String state = job.path("state").asText();
                busy |= state.equals("queued") || state.equals("running");
            }
            if (!busy) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IOException("the uploads' attachment jobs did not finish within 60 s");
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
        URI location = create(http, base, token, conversation, length);
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

    /** Creates an upload of {@code length} bytes and answers its absolute URI. */
    private static URI create(HttpClient http, String base, String token, long conversation, long length)
            throws Exception {
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
        return URI.create(base).resolve(created.headers().firstValue("Location").orElseThrow());
    }

    /**
     * The same PATCHes ({@code chunk} bytes each) from a plain socket: headers by hand, the body sent from the file by
     * {@code transferTo}, one keep-alive connection. Measures the server without the JDK client's
     * per-request copying of the body into its own buffers.
     */
    private static double tusSocket(
            HttpClient http, String base, String token, long conversation, Path source, int megabytes, long chunk)
            throws Exception {
        long length = Files.size(source);
        long start = System.nanoTime();
        URI location = create(http, base, token, conversation, length);
        try (FileChannel in = FileChannel.open(source);
                SocketChannel socket =
                        SocketChannel.open(new InetSocketAddress(location.getHost(), location.getPort()))) {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ByteBuffer response = ByteBuffer.allocate(8192);
            long offset = 0;
            while (offset < length) {
                long n = Math.min(chunk, length - offset);
                String head = "PATCH " + location.getRawPath() + " HTTP/1.1\r\n"
                        + "Host: " + location.getHost() + ":" + location.getPort() + "\r\n"
                        + "Tus-Resumable: 1.0.0\r\n"
                        + "Upload-Offset: " + offset + "\r\n"
                        + "Content-Type: application/offset+octet-stream\r\n"
                        + "Authorization: Bearer " + token + "\r\n"
                        + "Content-Length: " + n + "\r\n\r\n";
                ByteBuffer headBytes = ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII));
                while (headBytes.hasRemaining()) {
                    socket.write(headBytes);
                }
                long sent = 0;
                while (sent < n) {
                    sent += in.transferTo(offset + sent, n - sent, socket);
                }
                String answer = readHead(socket, response);
                if (!answer.startsWith("HTTP/1.1 204")) {
                    throw new IOException("tus PATCH over a socket answered " + answer.lines().findFirst().orElse(""));
                }
                offset += n;
            }
        }
        return megabytes * 1.048576 / ((System.nanoTime() - start) / 1e9);
    }

    /** Reads one response's head (a 204 has no body); anything after it stays unread. */
    private static String readHead(SocketChannel socket, ByteBuffer buffer) throws IOException {
        buffer.clear();
        while (true) {
            if (socket.read(buffer) < 0) {
                throw new IOException("the server closed the connection");
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
            if (text.contains("\r\n\r\n")) {
                return text;
            }
            if (!buffer.hasRemaining()) {
                throw new IOException("response head over " + buffer.capacity() + " bytes");
            }
        }
    }

    /**
     * The same PATCHes by curl, one process and one connection for all of them (--next), each
     * body streamed from its own piece of the file (split before the clock starts). Answers 0
     * when curl is not installed.
     */
    private static double tusCurl(
            HttpClient http, String base, String token, long conversation, Path source, int megabytes)
            throws Exception {
        long length = Files.size(source);
        List<Path> pieces = new java.util.ArrayList<>();
        List<String> command = new java.util.ArrayList<>(List.of("curl", "-sS", "--fail", "-o", "/dev/null"));
        try (FileChannel in = FileChannel.open(source)) {
            for (long offset = 0; offset < length; offset += CHUNK) {
                Path piece = source.resolveSibling("upload-piece-" + pieces.size() + ".bin");
                try (FileChannel out = FileChannel.open(
                        piece,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
                    in.transferTo(offset, Math.min(CHUNK, length - offset), out);
                }
                pieces.add(piece);
            }
        }
        try {
            long start = System.nanoTime();
            URI location = create(http, base, token, conversation, length);
            for (int i = 0; i < pieces.size(); i++) {
                if (i > 0) {
                    command.addAll(List.of("--next", "-sS", "--fail", "-o", "/dev/null"));
                }
                command.addAll(List.of(
                        "-X", "PATCH",
                        "-T", pieces.get(i).toString(),
                        "-H", "Tus-Resumable: 1.0.0",
                        "-H", "Upload-Offset: " + (long) i * CHUNK,
                        "-H", "Content-Type: application/offset+octet-stream",
                        "-H", "Expect:",
                        "-H", "Authorization: Bearer " + token,
                        location.toString()));
            }
            Process curl;
            try {
                curl = new ProcessBuilder(command).inheritIO().start();
            } catch (IOException e) {
                return 0;
            }
            if (curl.waitFor() != 0) {
                throw new IOException("curl PATCHes failed with exit code " + curl.exitValue());
            }
            return megabytes * 1.048576 / ((System.nanoTime() - start) / 1e9);
        } finally {
            for (Path piece : pieces) {
                Files.deleteIfExists(piece);
            }
        }
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
