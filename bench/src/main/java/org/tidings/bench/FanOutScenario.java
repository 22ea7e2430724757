package org.tidings.bench;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Scenario 2: every member of a 1,000-member group connected, one member sending to the group at
 * rising rates. Per step: deliveries per second, latency from the due time of the send to the
 * receipt, and messages lost. The ladder stops at the first step that loses anything or has a
 * p99 of 100 ms or more; the step before it is the run's highest sustainable rate.
 */
final class FanOutScenario {

    static final double P99_LIMIT_MS = 100;
    private static final long DRAIN_MILLIS = 5000;

    private FanOutScenario() {}

    static void run(
            Target target, Transport transport, int subscribers, List<Integer> rates, Duration warmUp, Duration stepLength, Results results)
            throws Exception {
        Deliveries deliveries = new Deliveries();
        long best = 0;
        try (Crowd crowd = new Crowd(target, transport, subscribers, deliveries).growTo(subscribers);
                Sender sender = target.sender(transport, 0)) {
            // Step 0 warms the JIT and the connections (every system alike); it is not reported.
            step(0, rates.getFirst(), warmUp, subscribers, sender, deliveries);
            for (int i = 0; i < rates.size(); i++) {
                int step = i + 1;
                int rate = rates.get(i);
                long failuresBefore = sender.failures();
                long gcMark = target.server().gcMark();
                Outcome outcome = step(step, rate, stepLength, subscribers, sender, deliveries);
                Histogram latency = deliveries.latency(step);
                var key = new Results.Key(
                        "fanout", target.name(), transport.label(), Long.toString((long) rate * subscribers));
                double p99 = Deliveries.millis(latency, 99);
                long failed = sender.failures() - failuresBefore;
                results.add(key, "deliveries/s", outcome.perSecond());
                results.add(key, "p50 ms", Deliveries.millis(latency, 50));
                results.add(key, "p99 ms", p99);
                results.add(key, "max ms", latency.getMaxValue() / 1000.0);
                results.add(key, "lost", outcome.lost());
                double gcPause = target.server().reportGcPause(results, key, gcMark);
                System.out.printf(
                        "  fan-out %s %s %d msg/s: %.0f deliveries/s p50 %.2f p99 %.2f max %.1f ms, lost %d, failed sends %d, broken %d, longest GC pause %.1f ms%n",
                        target.name(), transport.label(), rate, outcome.perSecond(), Deliveries.millis(latency, 50),
                        p99, latency.getMaxValue() / 1000.0, outcome.lost(), failed, crowd.broken(), gcPause);
                boolean passed = outcome.lost() == 0 && p99 < P99_LIMIT_MS && failed == 0;
                if (passed && best == (long) rates.get(Math.max(0, i - 1)) * subscribers * (i == 0 ? 0 : 1)) {
                    best = (long) rate * subscribers;
                }
                if (!passed && !Boolean.getBoolean("bench.fullLadder")) {
                    break;
                }
            }
        }
        results.add(new Results.Key("fanout-max", target.name(), transport.label(), ""), "deliveries/s", best);
    }

    record Outcome(double perSecond, long lost) {}

    private static Outcome step(
            int step, int rate, Duration length, int subscribers, Sender sender, Deliveries deliveries)
            throws InterruptedException {
        long count = Math.max(1, rate * length.toMillis() / 1000);
        long start = Pacer.run(count, rate, (i, due) -> sender.sendToGroup(Probe.body(step, i, due)));
        long expected = count * subscribers;
        deliveries.await(step, expected, DRAIN_MILLIS);
        long delivered = deliveries.count(step);
        double seconds = Math.max(1e-9, (deliveries.lastNanos(step) - start) / 1e9);
        // A pause between steps lets the previous step's stragglers land in their own step.
        Thread.sleep(500);
        return new Outcome(delivered / seconds, expected - delivered);
    }
}
