package org.tidings.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Cluster mode: several identical nodes sharing one PostgreSQL database (the truth) and one Redis
 * (the fast path between nodes). A {@code redisUrl} turns it on; without one, nothing here
 * connects anywhere and the node runs alone.
 */
@ConfigurationProperties("tidings.cluster")
public record ClusterSettings(
        // redis://host:6379 (rediss:// for TLS, redis://:password@host for a password).
        String redisUrl,
        // Every key and channel starts with this, so several deployments (or test runs) can
        // share one Redis without seeing each other.
        @DefaultValue("tidings") String prefix,
        // How often a node reads the database for events committed elsewhere when no Redis
        // wake-up came: the bound on cross-node latency while Redis is down or a message lost.
        @DefaultValue("500ms") Duration fallbackPoll,
        // Events read from the database per step while a node catches up with the others.
        @DefaultValue("1000") int tailBatch,
        // How often a node refreshes its presence in Redis ...
        @DefaultValue("5s") Duration heartbeat,
        // ... and how long after its last refresh the others stop counting its users online: a
        // node that dies stops counting within this time. Three heartbeats, so one slow refresh
        // does not flap everyone offline.
        @DefaultValue("15s") Duration nodeTimeout,
        // A Redis command that takes longer fails, and the node carries on without Redis.
        @DefaultValue("1s") Duration redisTimeout) {

    public boolean enabled() {
        return redisUrl != null && !redisUrl.isBlank();
    }
}
