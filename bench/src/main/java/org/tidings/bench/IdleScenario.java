package org.tidings.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Scenario 1: open streams that carry nothing, in steps (1,000, 5,000, 8,000), and the server's
 * memory per stream: RSS growth over a baseline taken after a warm-up, and for a JVM the heap
 * after a full GC. The thread count shows whether waiting costs a thread.
 */
final class IdleScenario {

    private static final int WARM_UP = 200;
    private static final long SETTLE_MILLIS = 3000;

    private IdleScenario() {}

    /** With TIDINGS_BENCH_HISTOGRAM set: where the memory per stream goes, live objects by class. */
    private static void histogram(ServerProcess server, boolean jvm, Transport transport, int level)
            throws IOException, InterruptedException {
        if (jvm && System.getenv("TIDINGS_BENCH_HISTOGRAM") != null) {
            Files.writeString(
                    Path.of("bench/target/work/histogram-" + transport.label().replace(' ', '-') + "-" + level + ".txt"),
                    server.jcmd("GC.class_histogram"));
        }
    }

    static void run(Target target, Transport transport, List<Integer> levels, int users, boolean jvm, Results results)
            throws Exception {
        try (Crowd warm = new Crowd(target, transport, users, EventSink.IGNORE)) {
            warm.growTo(Math.min(WARM_UP, levels.getFirst()));
        }
        Thread.sleep(SETTLE_MILLIS);
        ServerProcess server = target.server();
        long heap0 = jvm ? server.heapAfterGc() : 0;
        long rss0 = server.rssBytes();
        histogram(server, jvm, transport, 0);
        try (Crowd crowd = new Crowd(target, transport, users, EventSink.IGNORE)) {
            for (int level : levels) {
                long gcMark = server.gcMark();
                crowd.growTo(level);
                Thread.sleep(SETTLE_MILLIS);
                long heap = jvm ? server.heapAfterGc() : 0;
                long rss = server.rssBytes();
                histogram(server, jvm, transport, level);
                var key = new Results.Key("idle", target.name(), transport.label(), Integer.toString(level));
                results.add(key, "rss KiB/conn", (rss - rss0) / 1024.0 / level);
                if (jvm) {
                    results.add(key, "heap KiB/conn", (heap - heap0) / 1024.0 / level);
                }
                results.add(key, "server RSS MiB", rss / 1048576.0);
                results.add(key, "server threads", server.threads());
                results.add(key, "broken", crowd.broken());
                // Pauses while the connections opened (the handshakes), before the heap was measured.
                server.reportGcPause(results, key, gcMark);
                System.out.printf(
                        "  idle %s %s %d: rss %.1f KiB/conn, heap %.1f KiB/conn, threads %d%n",
                        target.name(), transport.label(), level, (rss - rss0) / 1024.0 / level,
                        (heap - heap0) / 1024.0 / level, server.threads());
            }
        }
    }
}
