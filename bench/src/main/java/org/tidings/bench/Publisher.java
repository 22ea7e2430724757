package org.tidings.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes what a run produced into the output directory: results.json, results.md (the tables),
 * the charts, and settings.md (machine, versions, the servers' flags and properties). In the full
 * run it also replaces the generated part of docs/benchmarks/README.md.
 */
final class Publisher {

    static final String BEGIN = "<!-- results:begin (written by bench/run.sh; edit outside these markers) -->";
    static final String END = "<!-- results:end -->";

    /** /proc/loadavg when the run started: other work on the machine shows up in every figure. */
    static volatile String loadAtStart = "unknown";

    private final Options options;
    private final Results results;
    private final Launcher launcher;

    Publisher(Options options, Results results, Launcher launcher) {
        this.options = options;
        this.results = results;
        this.launcher = launcher;
    }

    void publish() throws Exception {
        Map<String, String> meta = meta();
        Report report = new Report(results, meta);
        Path out = options.out();
        Files.createDirectories(out);
        report.writeJson(out.resolve("results.json"));
        List<String> charts = new Charts(results, out).writeAll();
        String settings = settings(meta);
        Files.writeString(out.resolve("settings.md"), settings);
        String tables = report.markdown();
        String errors = results.note("errors");
        StringBuilder generated = new StringBuilder()
                .append("Measured ").append(meta.get("date")).append(" on ").append(meta.get("machine"))
                .append(", ").append(options.runs()).append(" run(s)")
                .append(options.quick() ? " (quick mode)" : "").append(", load average ")
                .append(meta.get("load average at start (1, 5, 15 min)")).append(" at the start and ")
                .append(meta.get("load average at end (1, 5, 15 min)"))
                .append(" at the end (2 cores: anything above 2 means other work shared the cores). Each figure is the median over the runs, ")
                .append("with min–max in brackets. Machine, versions and the servers' settings: ")
                .append("[settings.md](settings.md); every value of every run: [results.json](results.json).\n\n")
                .append(tables);
        if (errors != null) {
            generated.append("**Scenarios that failed in this run:** ").append(errors).append("\n\n");
        }
        for (String chart : charts) {
            generated.append("![").append(chart).append("](").append(chart).append(")\n\n");
        }
        Files.writeString(out.resolve("results.md"), "# Benchmark results\n\n" + generated);
        if (options.publishes()) {
            writeBetweenMarkers(out.resolve("README.md"), "# Benchmarks", generated.toString());
        }
        report.print();
    }

    /** Replaces what lies between the results markers of a page, so the prose around them stays. */
    static void writeBetweenMarkers(Path readme, String title, String generated) throws IOException {
        String text = Files.exists(readme) ? Files.readString(readme) : title + "\n\n" + BEGIN + "\n" + END + "\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            text = text + "\n" + BEGIN + "\n" + END + "\n";
            begin = text.indexOf(BEGIN);
            end = text.indexOf(END);
        }
        Files.writeString(readme, text.substring(0, begin + BEGIN.length()) + "\n\n" + generated + text.substring(end));
    }

    private Map<String, String> meta() throws Exception {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("date", ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")));
        meta.put("machine", cpu() + ", " + Runtime.getRuntime().availableProcessors() + " core(s) visible to the load, "
                + memTotal() + " GiB RAM, Linux " + Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
        meta.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        meta.put("node", run("node", "--version"));
        meta.put("socket.io", packageVersion("socket.io"));
        meta.put("ws", packageVersion("ws"));
        meta.put("tidings", launcher.jar().getFileName() + " at commit " + run("git", "-C", options.repo().toString(),
                "rev-parse", "--short", "HEAD"));
        meta.put("load average at start (1, 5, 15 min)", loadAtStart);
        meta.put("load average at end (1, 5, 15 min)", loadAverage());
        meta.put("runs", Integer.toString(options.runs()));
        meta.put("mode", options.quick() ? "quick" : "full");
        return meta;
    }

    private String settings(Map<String, String> meta) {
        StringBuilder md = new StringBuilder("# Benchmark settings\n\n");
        meta.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n## Tidings server\n\nStarted as `taskset -c ").append(Launcher.SERVER_CORE)
                .append(" java ").append(String.join(" ", Launcher.JVM_FLAGS))
                .append(" -Xlog:gc:file=<work>/logs/<n>-<label>-gc.log:uptime,level,tags:filecount=0")
                .append(" -jar target/tidings-*.jar --server.port=<free port> --tidings.db.data-dir=<fresh dir>` ")
                .append("(or `--tidings.db.url=jdbc:postgresql://…/<fresh database>`) plus these properties:\n\n");
        md.append("(The GC log gives each scenario's `").append(ServerProcess.GC_PAUSE)
                .append("`: the longest stop-the-world pause logged while it ran, collections the benchmark ")
                .append("asks for itself (`jcmd GC.run`, `GC.class_histogram`) left out.)\n\n");
        Launcher.PROPERTIES.forEach((k, v) -> md.append("- `").append(k).append('=').append(v).append("`\n"));
        md.append("\nThe JVM's flags as `jcmd <pid> VM.flags` reported them:\n\n```\n").append(launcher.vmFlags())
                .append("\n```\n\n## Peers\n\n`taskset -c ").append(Launcher.SERVER_CORE)
                .append(" node bench/peers/ws-server.js <port>` and `taskset -c ").append(Launcher.SERVER_CORE)
                .append(" node bench/peers/socketio-server.js <port>`, their defaults otherwise.\n\n## Load\n\n")
                .append("The load generator runs on core 1 (`taskset -c 1`), one JVM, JDK HttpClient (HTTP/1.1) and ")
                .append("a small RFC 6455 WebSocket client on one NIO selector, virtual threads.\n\n")
                .append("- users: ").append(options.users()).append('\n')
                .append("- idle levels: ").append(options.idleLevels()).append('\n')
                .append("- fan-out rates (messages/s to the group): ").append(options.fanOutRates())
                .append(", ").append(options.fanOutStep().toSeconds()).append(" s per step after ")
                .append(options.warmUp().toSeconds()).append(" s of warm-up at the first rate\n")
                .append("- bytes on the wire: ").append(options.wireMessages()).append(" messages, 5 ms apart\n")
                .append("- one-to-one: ").append(options.oneToOneLength().toSeconds()).append(" s measured\n")
                .append("- durable sends: ").append(options.durableSenders()).append(" senders, ")
                .append(options.durableLength().toSeconds()).append(" s per channel\n")
                .append("- uploads: ").append(options.uploadMegabytes()).append(" MiB\n")
                .append("- http: ").append(HttpScenario.CONNECTIONS).append(" keep-alive connections per endpoint, ")
                .append(options.warmUp().toSeconds()).append(" s warm-up, ").append(options.httpLength().toSeconds())
                .append(" s measured; server with `tidings.bench.floor-endpoint=true`\n");
        return md.toString();
    }

    private String packageVersion(String name) throws IOException {
        Path file = options.repo().resolve("bench/peers/node_modules").resolve(name).resolve("package.json");
        if (!Files.exists(file)) {
            return "not installed";
        }
        return TidingsApi.JSON.readTree(file.toFile()).get("version").asText();
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpu() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown CPU";
    }

    private static long memTotal() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                return Math.round(Long.parseLong(line.replaceAll("\\D", "")) / 1048576.0);
            }
        }
        return 0;
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes()).trim();
            process.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }
}
