package org.tidings.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Scenario 3: one user receives {@code messages} small messages from a partner, 5 ms apart, over
 * each transport at once, each through its own byte-counting proxy. Per delivered message: the
 * bytes down and up, the event's own JSON, and the rest (overhead: framing, HTTP, pings).
 */
final class WireBytesScenario {

    private WireBytesScenario() {}

    static void run(Target target, List<Transport> transports, int messages, Duration gap, Results results)
            throws Exception {
        List<ByteCountingProxy> proxies = new ArrayList<>();
        List<Deliveries> sinks = new ArrayList<>();
        List<StreamConnection> connections = new ArrayList<>();
        try (Sender sender = target.sender(target.transports().getFirst(), 0)) {
            for (Transport transport : transports) {
                ByteCountingProxy proxy = ByteCountingProxy.start(target.server().port());
                Deliveries sink = new Deliveries();
                proxies.add(proxy);
                sinks.add(sink);
                connections.add(target.connect(transport, 1, sink, proxy.port()));
            }
            Pacer.run(messages, 1e9 / gap.toNanos(), (i, due) -> sender.sendToPartner(Probe.body(1, i, due)));
            for (Deliveries sink : sinks) {
                sink.await(1, messages, 10_000);
            }
        } finally {
            connections.forEach(StreamConnection::close);
        }
        Thread.sleep(300);
        for (int i = 0; i < transports.size(); i++) {
            ByteCountingProxy proxy = proxies.get(i);
            proxy.close();
            Deliveries sink = sinks.get(i);
            long delivered = Math.max(1, sink.count(1));
            double down = proxy.down() / (double) delivered;
            double up = proxy.up() / (double) delivered;
            double payload = sink.payloadBytes(1) / (double) delivered;
            var key = new Results.Key("wire", target.name(), transports.get(i).label(), "");
            results.add(key, "event JSON B/msg", payload);
            results.add(key, "down B/msg", down);
            results.add(key, "up B/msg", up);
            results.add(key, "total B/msg", down + up);
            results.add(key, "overhead B/msg", down + up - payload);
            results.add(key, "requests/msg", connections.get(i).requests() / (double) delivered);
            results.add(key, "lost", messages - sink.count(1));
            System.out.printf(
                    "  wire %s %s: event %.0f B, down %.0f B, up %.0f B, overhead %.0f B per message, lost %d%n",
                    target.name(), transports.get(i).label(), payload, down, up, down + up - payload,
                    messages - sink.count(1));
        }
    }
}
