package org.tidings.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/** The PNG charts beside the tables: medians over the runs, drawn with XChart. */
final class Charts {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    private final Results results;
    private final Path dir;

    Charts(Results results, Path dir) {
        this.results = results;
        this.dir = dir;
    }

    /** Writes every chart it has data for; returns the file names written. */
    List<String> writeAll() throws IOException {
        List<String> written = new ArrayList<>();
        bars("idle", "rss KiB/conn", "Idle streams: server RSS per open connection", "KiB per connection", written);
        lines("fanout", "p99 ms", "Fan-out to 1,000 subscribers: p99 latency", "deliveries per second", "p99 latency (ms)", written);
        bars("wire", "total B/msg", "Bytes on the wire per delivered message (both directions)", "bytes per message", written);
        bars("one-to-one", "p99 ms", "One-to-one, 500 pairs at 2 msg/s each: p99 latency", "ms", written);
        bars("durable", "msgs/s", "Durable sends accepted and committed per second", "messages per second", written);
        bars("http", "req/s", "HTTP request path, 32 keep-alive connections: requests per second", "requests per second", written);
        return written;
    }

    /** One bar per system/transport/level for {@code metric}. */
    private void bars(String scenario, String metric, String title, String yLabel, List<String> written)
            throws IOException {
        Map<String, Double> bars = new LinkedHashMap<>();
        for (Results.Key key : results.keys(scenario)) {
            Summary summary = results.summary(key, metric);
            if (!summary.runs().isEmpty()) {
                bars.put(label(key), summary.median());
            }
        }
        if (bars.isEmpty()) {
            return;
        }
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .yAxisTitle(yLabel)
                .build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(30);
        chart.getStyler().setLabelsVisible(true);
        chart.addSeries(metric, new ArrayList<>(bars.keySet()), new ArrayList<>(bars.values()));
        save(chart, scenario, written);
    }

    /** One line per system/transport: {@code metric} against the level, read as a number. */
    private void lines(String scenario, String metric, String title, String xLabel, String yLabel, List<String> written)
            throws IOException {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (Results.Key key : results.keys(scenario)) {
            Summary summary = results.summary(key, metric);
            if (!summary.runs().isEmpty()) {
                series.computeIfAbsent(key.system() + " " + key.transport(), s -> new ArrayList<>())
                        .add(new double[] {Double.parseDouble(key.level()), summary.median()});
            }
        }
        if (series.isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xLabel)
                .yAxisTitle(yLabel)
                .build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        series.forEach((name, points) -> chart.addSeries(
                name,
                points.stream().mapToDouble(p -> p[0]).toArray(),
                points.stream().mapToDouble(p -> Math.max(p[1], 0.01)).toArray()));
        save(chart, scenario, written);
    }

    private void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, String scenario, List<String> written)
            throws IOException {
        BitmapEncoder.saveBitmap(chart, dir.resolve(scenario).toString(), BitmapEncoder.BitmapFormat.PNG);
        written.add(scenario + ".png");
    }

    static String label(Results.Key key) {
        return (key.system() + " " + key.transport() + (key.level().isEmpty() ? "" : " " + key.level())).trim();
    }
}
