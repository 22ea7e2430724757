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

    /** The metric every scenario reports for a JVM server. */
    static final String GC_PAUSE = "longest GC pause ms";

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)([KMG])");

    // Servers still running when the generator stops (finished, failed or killed) are stopped too.
    private static final java.util.Set<Process> RUNNING = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    private final GcLog gcLog;

    private ServerProcess(String name, Process process, int port, Path log, GcLog gcLog) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.gcLog = gcLog;
    }

    /** Starts {@code command} on {@code core} and waits until {@code readyPath} answers 2xx-4xx. */
    static ServerProcess start(String name, String core, List<String> command, Path log, int port, String readyPath)
            throws IOException, InterruptedException {
        return start(name, core, command, log, port, readyPath, null);
    }

    /** A JVM whose command writes {@code gcLog} (see {@link GcLog#flag()}); null for other servers. */
    static ServerProcess start(
            String name, String core, List<String> command, Path log, int port, String readyPath, GcLog gcLog)
            throws IOException, InterruptedException {
        List<String> pinned = new ArrayList<>(List.of("taskset", "-c", core));
        pinned.addAll(command);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(pinned)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        RUNNING.add(process);
        ServerProcess server = new ServerProcess(name, process, port, log, gcLog);
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

    /** Where the GC log ends now; 0 for a server without one. */
    long gcMark() throws IOException {
        return gcLog == null ? 0 : gcLog.mark();
    }

    /** The longest GC pause since {@code mark} in milliseconds, or NaN for a server that is not a JVM. */
    double longestGcPauseMillisSince(long mark) throws IOException {
        return gcLog == null ? Double.NaN : gcLog.longestPauseMillisSince(mark);
    }

    /** Adds the longest GC pause since {@code mark} to {@code key}'s row, for a JVM server. */
    double reportGcPause(Results results, Results.Key key, long mark) throws IOException {
        double pause = longestGcPauseMillisSince(mark);
        if (!Double.isNaN(pause)) {
            results.add(key, GC_PAUSE, pause);
        }
        return pause;
    }

    /**
     * CPU time (user and system, milliseconds) the process has used so far, or only its threads
     * named {@code thread} (e.g. {@code tidings-writer}) when that is not null; from /proc.
     * Under other load on the machine this is steadier than throughput: CPU per message.
     */
    long cpuMillis(String thread) throws IOException {
        if (thread == null) {
            return ticks(Path.of("/proc", Long.toString(pid()), "stat"));
        }
        long total = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : tasks.toList()) {
                if (Files.readString(task.resolve("comm")).trim().equals(thread)) {
                    total += ticks(task.resolve("stat"));
                }
            }
        }
        return total;
    }

    // utime and stime, fields 14 and 15 of stat, counted after the command name's closing paren;
    // clock ticks of 10 ms on Linux.
    private static long ticks(Path stat) throws IOException {
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
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

    /** Full GC, then the heap in use (bytes) as GC.heap_info reports it. JVM servers only. */
    long heapAfterGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        long total = 0;
        // Serial prints one "total NK, used NK" line per generation, G1 one for the whole heap, ZGC
        // one "ZHeap used NM, capacity ..." line; the Metaspace lines have "used" but no "total",
        // so they are left out.
        for (String line : jcmd("GC.heap_info").split("\n")) {
            Matcher used = HEAP_USED.matcher(line);
            if ((line.contains("total") || line.contains("ZHeap")) && used.find()) {
                long unit = switch (used.group(2)) {
                    case "G" -> 1024L * 1024 * 1024;
                    case "M" -> 1024L * 1024;
                    default -> 1024L;
                };
                total += Long.parseLong(used.group(1)) * unit;
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
