package org.tidings.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Several Tidings nodes, each its own JVM on its own port, on one fresh PostgreSQL database and
 * the machine's Redis under a key prefix of their own. Hands out the base URLs of the nodes
 * still alive in turn, the way a load balancer would.
 */
public final class ClusterNodes implements AutoCloseable {

    private final List<ServerProcess> nodes = new ArrayList<>();
    private String prefix;
    private final Set<ServerProcess> dead = ConcurrentHashMap.newKeySet();
    private final AtomicInteger turn = new AtomicInteger();

    /** Starts {@code count} nodes; {@code extra} properties go to every one of them. */
    public static ClusterNodes start(int count, Map<String, String> extra) {
        Map<String, String> properties = new HashMap<>(extra);
        properties.put("tidings.db.url", PostgresDatabases.createDatabase());
        properties.put("tidings.cluster.redis-url", LocalRedis.URL);
        ClusterNodes cluster = new ClusterNodes();
        cluster.prefix = "tidings-test-" + UUID.randomUUID();
        properties.put("tidings.cluster.prefix", cluster.prefix);
        try {
            // The first node migrates the empty database; the others then start side by side.
            cluster.nodes.add(new ServerProcess(properties).start());
            List<ServerProcess> rest = new ArrayList<>();
            for (int i = 1; i < count; i++) {
                rest.add(new ServerProcess(properties));
            }
            cluster.nodes.addAll(rest);
            rest.parallelStream().forEach(ServerProcess::start);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    /** The Redis key and channel prefix of this cluster's nodes. */
    public String prefix() {
        return prefix;
    }

    public ServerProcess node(int index) {
        return nodes.get(index);
    }

    /** The next live node's base URL, round robin. */
    public Supplier<String> balancer() {
        return () -> {
            List<ServerProcess> alive =
                    nodes.stream().filter(n -> !dead.contains(n)).toList();
            return alive.get(Math.floorMod(turn.getAndIncrement(), alive.size()))
                    .baseUrl();
        };
    }

    /** How many nodes are still up (not killed). */
    public int aliveCount() {
        return nodes.size() - dead.size();
    }

    /** SIGKILL, and the balancer stops sending clients there. */
    public void kill(int index) {
        ServerProcess node = nodes.get(index);
        dead.add(node);
        node.kill();
    }

    /** SIGKILL for all: a graceful stop waits for open streams, and nothing here needs one. */
    @Override
    public void close() {
        nodes.parallelStream().forEach(ServerProcess::kill);
    }
}
