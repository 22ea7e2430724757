package org.tidings.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

@ConfigurationProperties("tidings.stream")
public record StreamSettings(
        // Writes committed together in one transaction at most; bounds one commit's latency while
        // amortising the fsync and the position lock over many sends.
        @DefaultValue("256") int writerBatchSize,
        // Writes waiting for the writer; beyond this a request fails fast with 503 instead of
        // queueing without bound.
        @DefaultValue("20000") int writerQueueCapacity,
        // A write not committed this long after it was queued fails with 503, so a stuck database
        // fails requests instead of hanging them (checked once a second).
        @DefaultValue("30s") Duration writerTimeout,
        // Events buffered per live connection. A client this far behind is disconnected and
        // resumes from its cursor, so a slow reader never holds memory without bound.
        @DefaultValue("1024") int connectionBuffer,
        // Open streams (WebSocket + SSE) one user may hold at once.
        @DefaultValue("20") int maxConnectionsPerUser,
        // Below common proxy idle timeouts (nginx: 60 s).
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("60s") Duration longPollMaxWait,
        // A woken long poll waits this long before answering, so events close together share one
        // response instead of costing a request each (headers, a round trip). Zero answers at once.
        @DefaultValue("20ms") Duration longPollLinger,
        // Events older than this are pruned; a client away longer reloads its snapshot (410).
        @DefaultValue("30d") Duration retention,
        // Events per database read while catching up, and per poll response.
        @DefaultValue("500") int pageSize,
        // Last published events kept in memory (one node), so a poll a few events behind needs no
        // database read: at 80 events/s still 50 s of them, a few MiB at most.
        @DefaultValue("4096") int recentEvents) {}
