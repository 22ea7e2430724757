package org.tidings.bench;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * Scenario 5 (Tidings only): {@code senders} users, each in a group of their own, send as fast as
 * their acknowledgements come back (one message in flight per user). An ack means committed.
 * Once over the WebSocket {@code send} command, once over {@code POST .../messages}; afterwards
 * the conversations' last sequence numbers are summed to check that every ack is in the database.
 * Each channel reports the server's CPU time per acknowledged message too (and its writer
 * thread's share), which other work on the machine disturbs less than the rate.
 */
final class DurableScenario {

    private static final int FEW_SENDERS = 4;

    private DurableScenario() {}

    static void run(TidingsTarget target, String database, Duration warmUp, Duration length, Results results) throws Exception {
        TidingsApi api = target.api();
        List<TidingsApi.User> users = target.users();
        List<Long> groups = TidingsApi.parallel(
                users.size(),
                i -> api.call("POST", "/api/groups", users.get(i).token(), Map.of("name", "solo"))
                        .get("id")
                        .asLong());
        AtomicLong acked = new AtomicLong();
        acked.addAndGet(overWebSocket(target, groups, warmUp, null).acks());
        long gcMark = target.server().gcMark();
        Cpu cpu = Cpu.mark(target.server());
        Load ws = overWebSocket(target, groups, length, new ConcurrentHistogram(3));
        acked.addAndGet(ws.acks());
        report(results, database, "WebSocket send", ws, length, target.server(), gcMark, cpu);
        // The HTTP path warms up as well (the WebSocket warm-up does not run its code): otherwise
        // its figure includes the JIT compiling that path on the server's one core.
        acked.addAndGet(overHttp(target, groups, warmUp, null).acks());
        gcMark = target.server().gcMark();
        cpu = Cpu.mark(target.server());
        Load http = overHttp(target, groups, length, new ConcurrentHistogram(3));
        acked.addAndGet(http.acks());
        report(results, database, "HTTP POST", http, length, target.server(), gcMark, cpu);
        // Four senders, one message in flight each: the batches are small, so the ack time is
        // about one group commit (the fsync or the round trips of one transaction).
        List<Long> four = groups.subList(0, Math.min(FEW_SENDERS, groups.size()));
        gcMark = target.server().gcMark();
        cpu = Cpu.mark(target.server());
        Load few = overWebSocket(target, four, length, new ConcurrentHistogram(3));
        acked.addAndGet(few.acks());
        report(
                results,
                database,
                "WebSocket send, " + four.size() + " senders",
                few,
                length,
                target.server(),
                gcMark,
                cpu);
        long committed = 0;
        for (int i = 0; i < users.size(); i++) {
            committed += api.call("GET", "/api/conversations/" + groups.get(i), users.get(i).token(), null)
                    .get("lastSeq")
                    .asLong();
        }
        var key = new Results.Key("durable", "Tidings", "acked but missing", database);
        results.add(key, "acks missing from the database", acked.get() - committed);
        System.out.printf("  durable %s: %d acked, %d in the database%n", database, acked.get(), committed);
    }

    record Load(long acks, long failures, ConcurrentHistogram latency) {}

    /**
     * The server's CPU time and its writer thread's at the start of a channel's run: CPU per
     * acknowledged message holds up better than msgs/s when other work shares the machine.
     */
    record Cpu(ServerProcess server, long process, long writer) {
        static Cpu mark(ServerProcess server) throws java.io.IOException {
            return new Cpu(server, server.cpuMillis(null), server.cpuMillis("tidings-writer"));
        }

        double processMicrosPer(long acks) throws java.io.IOException {
            return (server.cpuMillis(null) - process) * 1000.0 / Math.max(1, acks);
        }

        double writerMicrosPer(long acks) throws java.io.IOException {
            return (server.cpuMillis("tidings-writer") - writer) * 1000.0 / Math.max(1, acks);
        }
    }

    private static void report(
            Results results,
            String database,
            String channel,
            Load load,
            Duration length,
            ServerProcess server,
            long gcMark,
            Cpu cpu)
            throws java.io.IOException {
        double serverCpu = cpu.processMicrosPer(load.acks());
        double writerCpu = cpu.writerMicrosPer(load.acks());
        var key = new Results.Key("durable", "Tidings", channel, database);
        results.add(key, "msgs/s", load.acks() / (double) length.toSeconds());
        results.add(key, "p50 ms", Deliveries.millis(load.latency(), 50));
        results.add(key, "p99 ms", Deliveries.millis(load.latency(), 99));
        results.add(key, "max ms", load.latency().getMaxValue() / 1000.0);
        results.add(key, "failed", load.failures());
        results.add(key, "server CPU µs/msg", serverCpu);
        results.add(key, "writer CPU µs/msg", writerCpu);
        server.reportGcPause(results, key, gcMark);
        System.out.printf(
                "  durable %s %s: %.0f msgs/s, ack p50 %.2f p99 %.2f ms, failed %d, server CPU %.0f µs/msg (writer %.0f)%n",
                database, channel, load.acks() / (double) length.toSeconds(), Deliveries.millis(load.latency(), 50),
                Deliveries.millis(load.latency(), 99), load.failures(), serverCpu, writerCpu);
    }

    private static Load overWebSocket(TidingsTarget target, List<Long> groups, Duration length, ConcurrentHistogram latency)
            throws Exception {
        AtomicLong acks = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long deadline = System.nanoTime() + length.toNanos();
        int n = groups.size();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                int user = i;
                threads.submit(() -> {
                    AtomicReference<CompletableFuture<Boolean>> pending = new AtomicReference<>();
                    try (TidingsWebSocket socket = TidingsWebSocket.open(
                            target.httpClient(), target.api().base(), target.users().get(user).token(), json -> {
                                if (json.startsWith("{\"type\":\"ack\"")) {
                                    pending.get().complete(true);
                                } else if (json.startsWith("{\"type\":\"error\"")) {
                                    pending.get().complete(false);
                                }
                            })) {
                        while (System.nanoTime() < deadline) {
                            CompletableFuture<Boolean> ack = new CompletableFuture<>();
                            pending.set(ack);
                            long start = System.nanoTime();
                            socket.send(groups.get(user), "durable", UUID.randomUUID().toString());
                            boolean ok = ack.get(30, TimeUnit.SECONDS);
                            record(ok, start, acks, failures, latency);
                        }
                    }
                    return null;
                });
            }
        }
        return new Load(acks.get(), failures.get(), latency);
    }

    private static Load overHttp(TidingsTarget target, List<Long> groups, Duration length, ConcurrentHistogram latency)
            throws Exception {
        AtomicLong acks = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long deadline = System.nanoTime() + length.toNanos();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < groups.size(); i++) {
                int user = i;
                threads.submit(() -> {
                    String token = target.users().get(user).token();
                    while (System.nanoTime() < deadline) {
                        HttpRequest request = target.api().request(
                                "POST",
                                "/api/conversations/" + groups.get(user) + "/messages",
                                token,
                                Map.of("body", "durable", "clientMsgId", UUID.randomUUID().toString()));
                        long start = System.nanoTime();
                        int status = target.httpClient()
                                .send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                        record(status == 201, start, acks, failures, latency);
                    }
                    return null;
                });
            }
        }
        return new Load(acks.get(), failures.get(), latency);
    }

    private static void record(
            boolean ok, long start, AtomicLong acks, AtomicLong failures, ConcurrentHistogram latency) {
        if (!ok) {
            failures.incrementAndGet();
            return;
        }
        acks.incrementAndGet();
        if (latency != null) {
            latency.recordValue((System.nanoTime() - start) / 1000);
        }
    }
}
