package org.tidings.bench;

import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Scenario 4: {@code users} users in pairs, every user connected and sending to their partner
 * once a second (2 messages per second per pair), spread evenly over the second. Latency from the
 * send's due time to the partner's receipt.
 */
final class OneToOneScenario {

    private OneToOneScenario() {}

    static void run(Target target, Transport transport, int users, Duration warmUp, Duration length, Results results) throws Exception {
        Deliveries deliveries = new Deliveries();
        List<Sender> senders = TidingsApi.parallel(users, 32, i -> target.sender(transport, i));
        // On Tidings a sender's own stream carries its message too; only the partner's receipt counts.
        try (Crowd crowd = new Crowd(target, transport, users, user -> json -> {
                    Probe.Received probe = Probe.find(json);
                    if (probe != null && probe.seq() % users != user) {
                        deliveries.onEvent(json);
                    }
                })
                .growTo(users)) {
            send(0, users, warmUp, senders, deliveries);
            long gcMark = target.server().gcMark();
            long lost = send(1, users, length, senders, deliveries);
            Histogram latency = deliveries.latency(1);
            long failed = senders.stream().mapToLong(Sender::failures).sum();
            var key = new Results.Key("one-to-one", target.name(), transport.label(), "");
            results.add(key, "msgs/s", deliveries.count(1) / (double) length.toSeconds());
            results.add(key, "p50 ms", Deliveries.millis(latency, 50));
            results.add(key, "p99 ms", Deliveries.millis(latency, 99));
            results.add(key, "max ms", latency.getMaxValue() / 1000.0);
            results.add(key, "lost", lost);
            double gcPause = target.server().reportGcPause(results, key, gcMark);
            System.out.printf(
                    "  one-to-one %s %s: p50 %.2f p99 %.2f max %.1f ms, lost %d, failed sends %d, broken %d, longest GC pause %.1f ms%n",
                    target.name(), transport.label(), Deliveries.millis(latency, 50), Deliveries.millis(latency, 99),
                    latency.getMaxValue() / 1000.0, lost, failed, crowd.broken(), gcPause);
        } finally {
            senders.forEach(Sender::close);
        }
    }

    /** Every user sends once per second for {@code length}; returns how many never arrived. */
    private static long send(int step, int users, Duration length, List<Sender> senders, Deliveries deliveries)
            throws InterruptedException {
        long count = users * length.toSeconds();
        Pacer.run(count, users, (i, due) -> senders.get((int) (i % users)).sendToPartner(Probe.body(step, i, due)));
        deliveries.await(step, count, 10_000);
        return count - deliveries.count(step);
    }
}
