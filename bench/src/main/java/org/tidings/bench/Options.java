package org.tidings.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** What to run and how much of it; {@code --quick} is a smoke run of a few minutes. */
record Options(
        boolean quick,
        int runs,
        Set<String> only,
        Set<String> systems,
        boolean jfr,
        Path repo,
        Path out,
        Path work,
        int users,
        List<Integer> idleLevels,
        List<Integer> fanOutRates,
        Duration fanOutStep,
        Duration warmUp,
        int wireMessages,
        Duration oneToOneLength,
        Duration durableLength,
        int durableSenders,
        int uploadMegabytes,
        Duration httpLength,
        String postgres,
        int searchMessages) {

    static final Set<String> SYSTEMS = Set.of("tidings", "ws", "socketio");
    static final Set<String> SCENARIOS = Set.of("idle", "fanout", "wire", "one-to-one", "durable", "uploads", "http");
    // Run only on its own (--only search): it loads a million messages, longer than all the rest.
    static final Set<String> OWN_SCENARIOS = Set.of("search");

    static Options parse(String[] args) {
        boolean quick = false;
        boolean jfr = false;
        Integer runs = null;
        Set<String> only = SCENARIOS;
        Set<String> systems = SYSTEMS;
        Path repo = Path.of("").toAbsolutePath();
        String postgres = "127.0.0.1:5432";
        List<Integer> rates = null;
        Duration warmUp = null;
        int searchMessages = 1_000_000;
        Path chosenOut = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--jfr" -> jfr = true;
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--only" -> only = Set.of(args[++i].split(","));
                case "--systems" -> systems = Set.of(args[++i].split(","));
                case "--repo" -> repo = Path.of(args[++i]).toAbsolutePath();
                case "--out" -> chosenOut = Path.of(args[++i]).toAbsolutePath();
                case "--postgres" -> postgres = args[++i];
                case "--messages" -> searchMessages = Integer.parseInt(args[++i]);
                case "--warm-up" -> warmUp = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--rates" -> rates = java.util.Arrays.stream(args[++i].split(","))
                        .map(Integer::valueOf)
                        .toList();
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (known: --quick --runs N --only idle,fanout,wire,one-to-one,durable,uploads,http (or --only search [--messages N]) --jfr"
                        + " --systems tidings,ws,socketio --rates 10,20,... --warm-up SECONDS --repo DIR --out DIR --postgres HOST:PORT)");
            }
        }
        for (String scenario : only) {
            if (!SCENARIOS.contains(scenario) && !(OWN_SCENARIOS.contains(scenario) && only.size() == 1)) {
                throw new IllegalArgumentException("unknown scenario " + scenario + "; known: " + SCENARIOS);
            }
        }
        // A full run of some scenarios only goes to a directory of its own (--out), so that it does
        // not replace the published run of all of them.
        Path out = chosenOut != null ? chosenOut : repo.resolve(quick ? "bench/target/quick" : "docs/benchmarks");
        Path work = repo.resolve("bench/target/work");
        if (quick) {
            return new Options(true, runs == null ? 1 : runs, only, systems, jfr, repo, out, work, 1000, List.of(1000),
                    rates == null ? List.of(10, 40, 80) : rates, Duration.ofSeconds(2), warmUp == null ? Duration.ofSeconds(5) : warmUp, 400, Duration.ofSeconds(5), Duration.ofSeconds(5),
                    64, 64, Duration.ofSeconds(5), postgres, searchMessages);
        }
        return new Options(false, runs == null ? 3 : runs, only, systems, jfr, repo, out, work, 1000,
                List.of(1000, 5000, 8000),
                rates == null ? List.of(10, 20, 40, 60, 80, 100, 150, 200, 300) : rates, Duration.ofSeconds(3),
                warmUp == null ? Duration.ofSeconds(15) : warmUp, 2000, Duration.ofSeconds(20), Duration.ofSeconds(10), 256, 96, Duration.ofSeconds(10), postgres, searchMessages);
    }

    /** The published run of every scenario: only it rewrites docs/benchmarks/README.md. */
    boolean publishes() {
        return !quick && out.equals(repo.resolve("docs/benchmarks"));
    }

    boolean runs(String scenario) {
        return only.contains(scenario);
    }

    boolean measures(String system) {
        return systems.contains(system);
    }
}
