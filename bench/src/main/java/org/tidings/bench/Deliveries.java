package org.tidings.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the receivers saw, per step of a scenario: how many probe messages arrived, their
 * latency (receipt minus the time the send was due, so a late sender counts against the
 * system), and when the last one came. An {@link EventSink} for every receiver of a scenario.
 */
final class Deliveries implements EventSink {

    private static final int MAX_STEPS = 64;
    private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final ConcurrentHistogram[] latency = new ConcurrentHistogram[MAX_STEPS];
    private final AtomicLongArray counts = new AtomicLongArray(MAX_STEPS);
    private final AtomicLongArray payloadBytes = new AtomicLongArray(MAX_STEPS);
    private final AtomicLongArray lastNanos = new AtomicLongArray(MAX_STEPS);

    Deliveries() {
        for (int i = 0; i < MAX_STEPS; i++) {
            latency[i] = new ConcurrentHistogram(MAX_MICROS, 3);
        }
    }

    @Override
    public void onEvent(String json) {
        long now = System.nanoTime();
        Probe.Received probe = Probe.find(json);
        if (probe == null || probe.step() < 0 || probe.step() >= MAX_STEPS) {
            return;
        }
        int step = probe.step();
        latency[step].recordValue(Math.min(MAX_MICROS, Math.max(0, (now - probe.sentNanos()) / 1000)));
        payloadBytes.addAndGet(step, json.length());
        lastNanos.accumulateAndGet(step, now, Math::max);
        counts.incrementAndGet(step);
    }

    long count(int step) {
        return counts.get(step);
    }

    /** Characters of the events' JSON (ASCII here, so also bytes) that carried probes. */
    long payloadBytes(int step) {
        return payloadBytes.get(step);
    }

    long lastNanos(int step) {
        return lastNanos.get(step);
    }

    Histogram latency(int step) {
        return latency[step];
    }

    static double millis(Histogram histogram, double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Waits until {@code expected} probes of the step arrived or the deadline passed. */
    boolean await(int step, long expected, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (count(step) < expected) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
