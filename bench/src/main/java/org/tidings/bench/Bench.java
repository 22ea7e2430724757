package org.tidings.bench;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The benchmark run: every scenario against Tidings and, where they apply, against Socket.IO and
 * a bare ws server, {@code runs} times, each server fresh. Started by bench/run.sh, which pins
 * this process to the load core.
 */
public final class Bench {

    private final Options options;
    private final Launcher launcher;
    private final Results results = new Results();

    private Bench(Options options) {
        this.options = options;
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(30))
                .executor(executor())
                .build();
        this.launcher = new Launcher(options, http);
    }

    /**
     * Where the JDK client runs its callbacks. Inline (on its selector thread) by default: on a
     * single load core every hand-off to a pool thread costs more than the callback itself.
     */
    private static java.util.concurrent.Executor executor() {
        return switch (System.getProperty("bench.executor", "inline")) {
            case "pool" -> java.util.concurrent.Executors.newCachedThreadPool();
            case "virtual" -> java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
            default -> Runnable::run;
        };
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Options options = Options.parse(args);
        Files.createDirectories(options.out());
        Files.createDirectories(options.work());
        long start = System.nanoTime();
        Publisher.loadAtStart = Publisher.loadAverage();
        if (options.only().equals(java.util.Set.of("search"))) {
            // Its own report (search.md): the other scenarios' published results stay as they are.
            SearchScenario.run(options, new Bench(options).launcher, options.searchMessages());
            System.exit(0);
        }
        new Bench(options).runAll();
        System.out.printf("Done in %.1f minutes; results in %s%n", (System.nanoTime() - start) / 6e10, options.out());
        System.exit(0);
    }

    private void runAll() throws Exception {
        for (int r = 1; r <= options.runs(); r++) {
            int run = r;
            System.out.printf("== run %d of %d%n", run, options.runs());
            Path runDir = options.work().resolve("run-" + run);
            deleteRecursively(runDir); // every run starts from empty data directories
            boolean streams = options.runs("idle")
                    || options.runs("fanout")
                    || options.runs("wire")
                    || options.runs("one-to-one");
            if (streams && options.measures("tidings")) {
                tidingsStreams(run, runDir);
            }
            if (streams && options.measures("ws")) {
                peer(() -> launcher.wsPeer("ws-" + run), List.of(Transport.WEBSOCKET));
            }
            if (streams && options.measures("socketio")) {
                peer(() -> launcher.socketIo("socketio-" + run), List.of(Transport.WEBSOCKET, Transport.LONG_POLL));
            }
            if ((options.runs("durable") || options.runs("uploads")) && options.measures("tidings")) {
                durableAndUploads(run, runDir);
            }
            if (options.runs("http") && options.measures("tidings")) {
                httpPath(run, runDir);
            }
        }
        new Publisher(options, results, launcher).publish();
    }

    /** Scenarios 1-4 on Tidings: one SQLite database per run, a fresh server for each idle count. */
    private void tidingsStreams(int run, Path runDir) throws Exception {
        Path data = runDir.resolve("tidings-streams");
        List<TidingsApi.User> users;
        try (TidingsTarget tidings = launcher.tidings("tidings-streams-" + run, data, null)) {
            System.out.println("  setting up " + options.users() + " users, a group of all of them, and pairs");
            tidings.prepare(options.users(), true, true);
            users = tidings.users();
            streams(tidings);
        }
        if (options.runs("idle")) {
            for (Transport transport : List.of(Transport.WEBSOCKET, Transport.SSE, Transport.LONG_POLL)) {
                try (TidingsTarget tidings =
                        launcher.tidings("tidings-idle-" + run, data, null).withUsers(users)) {
                    IdleScenario.run(tidings, transport, options.idleLevels(), users.size(), true, results);
                }
            }
        }
    }

    private interface Start {
        Target start() throws Exception;
    }

    private void peer(Start start, List<Transport> transports) throws Exception {
        if (options.runs("idle")) {
            for (Transport transport : transports) {
                try (Target peer = start.start()) {
                    IdleScenario.run(peer, transport, options.idleLevels(), options.users(), false, results);
                }
            }
        }
        try (Target peer = start.start()) {
            streams(peer);
        }
    }

    /** Fan-out, bytes on the wire and one-to-one on a running target. */
    private void streams(Target target) throws Exception {
        if (options.runs("fanout")) {
            for (Transport transport : target.transports()) {
                guarded("fan-out " + target.name() + " " + transport.label(), () -> FanOutScenario.run(
                        target, transport, options.users(), options.fanOutRates(), options.warmUp(), options.fanOutStep(), results));
            }
        }
        if (options.runs("wire")) {
            List<Transport> transports = target instanceof TidingsTarget
                    ? List.of(Transport.WEBSOCKET, Transport.SSE, Transport.LONG_POLL, Transport.SHORT_POLL)
                    : target.transports();
            guarded("wire " + target.name(), () -> WireBytesScenario.run(
                    target, transports, options.wireMessages(), Duration.ofMillis(5), results));
        }
        if (options.runs("one-to-one")) {
            for (Transport transport : target.transports()) {
                guarded("one-to-one " + target.name() + " " + transport.label(), () -> OneToOneScenario.run(
                        target, transport, options.users(), options.warmUp(), options.oneToOneLength(), results));
            }
        }
    }

    /** Scenarios 5 and 6: a fresh SQLite data dir and a fresh PostgreSQL database each run. */
    private void durableAndUploads(int run, Path runDir) throws Exception {
        try (TidingsTarget tidings = launcher.tidings("tidings-durable-sqlite-" + run, runDir.resolve("durable"), null)) {
            tidings.prepare(options.durableSenders(), false, false);
            if (options.runs("durable")) {
                guarded("durable SQLite", () -> DurableScenario.run(tidings, "SQLite", options.warmUp(), options.durableLength(), results));
            }
            if (options.runs("uploads")) {
                guarded("uploads", () -> UploadScenario.run(tidings, runDir, options.uploadMegabytes(), options.warmUp(), results));
            }
        }
        if (options.runs("durable")) {
            try (Postgres database = Postgres.create(options.postgres(), "tidings_bench_" + ProcessHandle.current().pid() + "_" + run)) {
                try (TidingsTarget tidings = launcher.tidings("tidings-durable-pg-" + run, null, database.jdbcUrl())) {
                    tidings.prepare(options.durableSenders(), false, false);
                    guarded("durable PostgreSQL", () -> DurableScenario.run(
                            tidings, "PostgreSQL", options.warmUp(), options.durableLength(), results));
                }
            } catch (java.io.IOException e) {
                results.note("durable", "PostgreSQL: not measured (" + e.getMessage() + ").");
                System.out.println("  durable PostgreSQL not measured: " + e.getMessage());
            }
        }
    }

    /** Scenario 7: the request path, on a fresh SQLite server with the floor endpoint switched on. */
    private void httpPath(int run, Path runDir) throws Exception {
        try (TidingsTarget tidings = launcher.tidings(
                "tidings-http-" + run, runDir.resolve("http"), null, java.util.Map.of("tidings.bench.floor-endpoint", "true"))) {
            tidings.prepare(HttpScenario.CONNECTIONS, false, false);
            guarded("http", () -> HttpScenario.run(tidings, options.warmUp(), options.httpLength(), results));
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    /** A scenario that fails is reported and the run goes on with the next one. */
    private void guarded(String name, Step step) {
        System.out.println("- " + name);
        try {
            step.run();
        } catch (Exception e) {
            System.out.println("  FAILED: " + name + ": " + e);
            results.note("errors", name + " failed: " + e.getMessage() + ".");
        }
    }
}
