package org.tidings.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test in its own process, pinned to the server's core, its output in a log file.
 * Reads its memory and threads from /proc; for a JVM also asks jcmd for a full GC and the heap.
 */
final class ServerProcess implements AutoCloseable {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    // "-Xlog:gc" lines: "[12.345s] GC(7) Pause Young (Allocation Failure) 40M->12M(128M) 3.456ms"
    private static final Pattern GC_PAUSE = Pattern.compile("Pause.* (\\d+\\.\\d+)ms\\s*$");

    // Servers still running when the generator stops (finished, failed or killed) are stopped too.
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code command} on {@code core} and waits until {@code readyPath} answers 2xx-4xx. */
    static ServerProcess start(String name, String core, List<String> command, Path log, int port, String readyPath)
            throws IOException, InterruptedException {
        List<String> pinned = new ArrayList<>(List.of("taskset", "-c", core));
        pinned.addAll(command);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(pinned)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        RUNNING.add(process);
        ServerProcess server = new ServerProcess(name, process, port, log);
        try {
            server.awaitReady(readyPath);
        } catch (IOException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady(String readyPath) throws InterruptedException, IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited at start; see " + log);
            }
            try {
                var response = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + readyPath))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() < 500) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        throw new IOException(name + " did not become ready in 240 s; see " + log);
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    /** Resident set size in bytes, from /proc/<pid>/status (VmRSS). */
    long rssBytes() throws IOException {
        return statusField("VmRSS:") * 1024;
    }

    /** Operating-system threads of the process (platform threads, GC and JIT threads included). */
    long threads() throws IOException {
        return statusField("Threads:");
    }

    private long statusField(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IOException(field + " missing for pid " + pid());
    }

    /**
     * The longest collector pause (ms) logged since {@code fromByte} of the GC log that
     * {@link Launcher} asks Tidings for ({@code -Xlog:gc}), and where the log ends now; a server
     * without that log answers 0 pauses.
     */
    GcPauses gcPauses(long fromByte) throws IOException {
        Path file = gcLog();
        if (!Files.exists(file)) {
            return new GcPauses(0, 0, fromByte);
        }
        byte[] bytes = Files.readAllBytes(file);
        double longest = 0;
        int count = 0;
        String text = new String(bytes, (int) Math.min(fromByte, bytes.length), (int) Math.max(0, bytes.length - fromByte),
                java.nio.charset.StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            Matcher pause = GC_PAUSE.matcher(line);
            if (pause.find()) {
                count++;
                longest = Math.max(longest, Double.parseDouble(pause.group(1)));
            }
        }
        return new GcPauses(longest, count, bytes.length);
    }

    /** The longest pause (ms) and the number of pauses in a stretch of the GC log, and where it ended. */
    record GcPauses(double longestMillis, int count, long endByte) {}

    Path gcLog() {
        return Path.of(log.toString().replaceFirst("\\.log$", "") + ".gc.log");
    }

    /** Full GC, then the heap in use (bytes) as GC.heap_info reports it. JVM servers only. */
    long heapAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        long total = 0;
        // Serial prints one "total NK, used NK" line per generation, G1 one for the whole heap;
        // the Metaspace lines have "used" but no "total", so they are left out.
        for (String line : jcmd("GC.heap_info").split("\n")) {
            Matcher used = HEAP_USED.matcher(line);
            if (line.contains("total") && used.find()) {
                total += Long.parseLong(used.group(1)) * 1024;
            }
        }
        return total;
    }

    String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid()), command)
                .redirectErrorStream(true)
                .start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    @Override
    public void close() {
        RUNNING.remove(process);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
