package org.tidings.bench;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts the servers under test on the server core: Tidings from its jar with a fresh data dir
 * (or a fresh PostgreSQL database), and the two Node peers. Every flag and property it passes is
 * kept, to be written next to the results.
 */
final class Launcher {

    static final String SERVER_CORE = "0";

    // JVM flags of the Tidings process, the ones docs/deployment.md and the README tell users to
    // run with. Heap capped so its growth is bounded and comparable between runs. Generational ZGC
    // rather than the JVM's choice for one CPU (Serial): Serial's young pauses copied the in-flight
    // state of every request and waiting poll, 10-25 ms each on this core; ZGC's pauses stayed
    // under 0.1 ms in the same scenarios. The soft maximum keeps ZGC collecting within 512 MB: without
    // it the heap grew towards -Xmx before a cycle and 1,000 idle long polls cost 243 KiB RSS each
    // (18 KiB with it, as with Serial).
    static final List<String> JVM_FLAGS = List.of("-Xmx2g", "-XX:+UseZGC", "-XX:SoftMaxHeapSize=512m");

    /** Raised limits so the load is not refused as abuse; none of them changes the work done. */
    static final Map<String, String> PROPERTIES = new LinkedHashMap<>();

    static {
        PROPERTIES.put("tidings.chat.send-burst", "1000000");
        PROPERTIES.put("tidings.chat.send-refill-per-second", "1000000");
        PROPERTIES.put("tidings.accounts.max-registrations-per-address", "1000000");
        PROPERTIES.put("tidings.stream.max-connections-per-user", "64");
        // Setup registers and signs in thousands of users; a cheap password hash keeps that to
        // seconds. Sign-in is not part of any measured scenario.
        PROPERTIES.put("tidings.accounts.argon2-memory-kib", "1024");
        PROPERTIES.put("tidings.accounts.argon2-iterations", "1");
    }

    private final Options options;
    private final HttpClient http;
    private final AtomicInteger started = new AtomicInteger();
    private String vmFlags;

    Launcher(Options options, HttpClient http) {
        this.options = options;
        this.http = http;
    }

    Path jar() throws IOException {
        Path jar = options.repo().resolve("target").resolve("tidings.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no target/tidings.jar: run ./mvnw -q -DskipTests package first");
        }
        return jar;
    }

    /** Tidings on SQLite in {@code dataDir}, or on PostgreSQL when {@code jdbcUrl} is set. */
    TidingsTarget tidings(String label, Path dataDir, String jdbcUrl) throws Exception {
        return tidings(label, dataDir, jdbcUrl, Map.of());
    }

    /** As above, with {@code extra} properties on top of {@link #PROPERTIES} (a scenario's own). */
    TidingsTarget tidings(String label, Path dataDir, String jdbcUrl, Map<String, String> extra) throws Exception {
        int port = ServerProcess.freePort();
        List<String> command = new ArrayList<>(List.of(javaBinary()));
        command.addAll(JVM_FLAGS);
        Path logFile = log(label);
        GcLog gcLog = new GcLog(logFile.resolveSibling(logFile.getFileName().toString().replace(".log", "-gc.log")));
        command.add(gcLog.flag());
        if (options.jfr()) {
            command.add("-XX:StartFlightRecording=filename=" + options.work().resolve(label + ".jfr")
                    + ",settings=profile,dumponexit=true");
        }
        // For a profiler agent or other diagnostics, e.g. TIDINGS_BENCH_JVM_FLAGS="-agentpath:...".
        String flags = System.getenv("TIDINGS_BENCH_JVM_FLAGS");
        if (flags != null && !flags.isBlank()) {
            command.addAll(List.of(flags.trim().replace("{label}", label).split("\\s+")));
        }
        command.addAll(List.of("-jar", jar().toString(), "--server.port=" + port));
        if (jdbcUrl == null) {
            command.add("--tidings.db.data-dir=" + dataDir);
        } else {
            command.add("--tidings.db.url=" + jdbcUrl);
        }
        PROPERTIES.forEach((k, v) -> command.add("--" + k + "=" + v));
        extra.forEach((k, v) -> command.add("--" + k + "=" + v));
        ServerProcess server =
                ServerProcess.start("tidings", SERVER_CORE, command, logFile, port, "/actuator/health", gcLog);
        if (vmFlags == null) {
            vmFlags = server.jcmd("VM.flags").trim();
        }
        return new TidingsTarget(server, http);
    }

    WsPeerTarget wsPeer(String label) throws Exception {
        int port = ServerProcess.freePort();
        return new WsPeerTarget(node(label, "ws-server.js", port, "/"), http);
    }

    SocketIoTarget socketIo(String label) throws Exception {
        int port = ServerProcess.freePort();
        return new SocketIoTarget(node(label, "socketio-server.js", port, "/socket.io/?EIO=4&transport=polling"), http);
    }

    private ServerProcess node(String label, String script, int port, String readyPath) throws Exception {
        Path peers = options.repo().resolve("bench/peers");
        return ServerProcess.start(
                label, SERVER_CORE, List.of("node", peers.resolve(script).toString(), Integer.toString(port)),
                log(label), port, readyPath);
    }

    private Path log(String label) {
        return options.work().resolve("logs").resolve(started.incrementAndGet() + "-" + label + ".log");
    }

    /** The flags the first Tidings JVM ran with, as {@code jcmd VM.flags} reports them. */
    String vmFlags() {
        return vmFlags == null ? "(no Tidings server started)" : vmFlags;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
