package org.tidings.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes the results as JSON and as Markdown tables (median, with min–max over the runs). */
final class Report {

    /** The scenarios in the order the README discusses them, with their headings. */
    static final Map<String, String> TITLES = new java.util.LinkedHashMap<>();

    static {
        TITLES.put("idle", "1. Idle connections");
        TITLES.put("fanout", "2. Fan-out to a 1,000-member group (per rate step)");
        TITLES.put("fanout-max", "2. Fan-out: the highest rate with nothing lost and p99 under 100 ms");
        TITLES.put("wire", "3. Bytes on the wire per delivered message");
        TITLES.put("one-to-one", "4. One-to-one: 500 pairs, 2 messages per second each");
        TITLES.put("durable", "5. Durable sends");
        TITLES.put("uploads", "6. Uploads");
        TITLES.put("http", "7. The HTTP request path: 32 keep-alive connections, closed loop");
    }

    private final Results results;
    private final Map<String, String> meta;

    Report(Results results, Map<String, String> meta) {
        this.results = results;
        this.meta = meta;
    }

    void writeJson(Path file) throws IOException {
        ObjectNode root = TidingsApi.JSON.createObjectNode();
        ObjectNode metaNode = root.putObject("meta");
        meta.forEach(metaNode::put);
        ObjectNode notes = root.putObject("notes");
        results.notes().forEach(notes::put);
        ArrayNode rows = root.putArray("results");
        for (String scenario : TITLES.keySet()) {
            for (Results.Key key : results.keys(scenario)) {
                ObjectNode row = rows.addObject();
                row.put("scenario", scenario).put("system", key.system()).put("transport", key.transport())
                        .put("level", key.level());
                ObjectNode metrics = row.putObject("metrics");
                for (String metric : results.metrics(scenario)) {
                    Summary summary = results.summary(key, metric);
                    if (summary.runs().isEmpty()) {
                        continue;
                    }
                    ObjectNode m = metrics.putObject(metric);
                    m.put("median", summary.median()).put("min", summary.min()).put("max", summary.max());
                    ArrayNode runs = m.putArray("runs");
                    summary.runs().forEach(runs::add);
                }
            }
        }
        TidingsApi.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    /** The tables, one per scenario, as Markdown. */
    String markdown() {
        StringBuilder md = new StringBuilder();
        for (var entry : TITLES.entrySet()) {
            String scenario = entry.getKey();
            List<Results.Key> keys = results.keys(scenario);
            String note = results.note(scenario);
            if (keys.isEmpty() && note == null) {
                continue;
            }
            md.append("### ").append(entry.getValue()).append("\n\n");
            if (!keys.isEmpty()) {
                table(md, scenario, keys);
            }
            if (note != null) {
                md.append(note).append("\n\n");
            }
        }
        return md.toString();
    }

    private void table(StringBuilder md, String scenario, List<Results.Key> keys) {
        List<String> metrics = results.metrics(scenario);
        md.append("| system | transport | ").append(levelName(scenario)).append(" |");
        metrics.forEach(m -> md.append(' ').append(m).append(" |"));
        md.append("\n|---|---|---|");
        metrics.forEach(m -> md.append("---:|"));
        md.append('\n');
        for (Results.Key key : keys) {
            md.append("| ").append(key.system()).append(" | ").append(key.transport()).append(" | ")
                    .append(key.level()).append(" |");
            for (String metric : metrics) {
                md.append(' ').append(results.summary(key, metric).format(pattern(metric))).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private static String levelName(String scenario) {
        return switch (scenario) {
            case "idle" -> "streams";
            case "fanout" -> "target deliveries/s";
            case "durable" -> "database";
            case "http" -> "connections";
            default -> "";
        };
    }

    private static String pattern(String metric) {
        return metric.endsWith("ms") || metric.startsWith("requests") ? "%.2f" : metric.contains("KiB") || metric.contains("MB/s") ? "%.1f" : "%.0f";
    }

    void print() {
        System.out.println();
        System.out.println(markdown());
    }
}
