package org.tidings.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.RegistrationStatus;
import org.tidings.storage.DatabaseSettings;

/**
 * {@code GET /api/admin/server} (administrators only: SecurityConfig guards /api/admin/): the
 * figures of the server page, read from this node's meter registry in-process. Counters are totals
 * since start; the client turns them into rates from successive snapshots.
 */
@RestController
class ServerSnapshotController {

    record Snapshot(
            double usersOnline,
            Map<String, Double> sends,
            Writer writer,
            Map<String, Double> rateLimitRefusals,
            double loginFailures,
            Uploads uploads,
            double jobsRunning,
            double jobsQueued,
            Streams streams,
            Heap heap,
            long uptimeSeconds,
            String version,
            String database,
            String registrationPolicy) {}

    /** Batch size mean and commit-time percentiles in ms; null until the writer has committed. */
    record Writer(long batches, Double batchSizeMean, Double commitP50Ms, Double commitP99Ms) {}

    record Uploads(double receivedBytes, double active) {}

    record Heap(long usedBytes, long maxBytes) {}

    /**
     * This node's streaming edge, by transport (websocket, sse): streams open now, events delivered
     * and slow-consumer disconnects since start; handshakes refused over the per-user cap, and long
     * polls waiting now.
     */
    record Streams(
            Map<String, Double> open,
            Map<String, Double> delivered,
            Map<String, Double> slowConsumers,
            double refused,
            double pollsWaiting) {}

    private final MeterRegistry meters;
    private final RegistrationStatus registration;
    private final String database;
    private final String version;

    ServerSnapshotController(
            MeterRegistry meters,
            RegistrationStatus registration,
            DatabaseSettings database,
            ObjectProvider<BuildProperties> build) {
        this.meters = meters;
        this.registration = registration;
        this.database = database.hasUrl() ? "PostgreSQL" : "SQLite";
        BuildProperties info = build.getIfAvailable();
        String fromManifest = ServerSnapshotController.class.getPackage().getImplementationVersion();
        this.version = info != null ? info.getVersion() : fromManifest != null ? fromManifest : "unknown";
    }

    @GetMapping("/api/admin/server")
    Snapshot snapshot() {
        var memory = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new Snapshot(
                gauge("tidings.users.online"),
                countersBy("tidings.sends", "outcome"),
                writer(),
                countersBy("tidings.rate.limit.refusals", "limit"),
                counter("tidings.login.failures"),
                new Uploads(counter("tidings.upload.received"), gauge("tidings.uploads.active")),
                gauge("tidings.jobs.running"),
                gauge("tidings.jobs.queued"),
                new Streams(
                        gaugesBy("tidings.streams.open", "transport"),
                        countersBy("tidings.events.delivered", "transport"),
                        countersBy("tidings.streams.slow.consumer", "transport"),
                        counter("tidings.streams.refused"),
                        gauge("tidings.polls.waiting")),
                new Heap(memory.getUsed(), memory.getMax()),
                ManagementFactory.getRuntimeMXBean().getUptime() / 1000,
                version,
                database,
                registration.policy());
    }

    private double gauge(String name) {
        Gauge gauge = meters.find(name).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    private double counter(String name) {
        return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    private Map<String, Double> countersBy(String name, String tag) {
        Map<String, Double> totals = new TreeMap<>();
        for (Counter counter : meters.find(name).counters()) {
            totals.merge(counter.getId().getTag(tag), counter.count(), Double::sum);
        }
        return totals;
    }

    private Map<String, Double> gaugesBy(String name, String tag) {
        Map<String, Double> values = new TreeMap<>();
        for (Gauge gauge : meters.find(name).gauges()) {
            values.merge(gauge.getId().getTag(tag), gauge.value(), Double::sum);
        }
        return values;
    }

    private Writer writer() {
        var sizes = meters.find("tidings.writer.batch.size").summary();
        Timer commits = meters.find("tidings.writer.commit").timer();
        if (sizes == null || commits == null || sizes.count() == 0) {
            return new Writer(0, null, null, null);
        }
        HistogramSnapshot snapshot = commits.takeSnapshot();
        return new Writer(sizes.count(), sizes.mean(), percentile(snapshot, 0.5), percentile(snapshot, 0.99));
    }

    /**
     * The upper bound of the histogram bucket holding the q-quantile (the meter publishes a
     * percentile histogram, not precomputed percentiles): an estimate within one bucket's width.
     */
    private static Double percentile(HistogramSnapshot snapshot, double q) {
        long total = snapshot.count();
        if (total == 0) {
            return null;
        }
        for (CountAtBucket bucket : snapshot.histogramCounts()) {
            if (bucket.count() >= q * total) {
                return bucket.bucket(TimeUnit.MILLISECONDS);
            }
        }
        return snapshot.max(TimeUnit.MILLISECONDS);
    }
}
