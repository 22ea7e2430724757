package org.tidings.cluster;

import io.lettuce.core.Range;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Presence in Redis. Each node keeps a set of the users online on it and an "alive" key that
 * expires {@code nodeTimeout} after its last heartbeat; a sorted set lists the nodes. Other
 * nodes count a node's users only while its alive key exists, so a dead node's users stop
 * counting without anyone cleaning up. Afterwards the first node to notice claims the dead one
 * (removing it from the list, which only one node can do) and announces its users offline.
 * The heartbeat rewrites the whole set, which also repairs it after Redis lost its data.
 */
@Component
@ClusterMode
class RedisPresence implements NodePresence, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RedisPresence.class);

    // A dead node's set is kept this long for the claim; a live node renews it every heartbeat.
    private static final Duration KEEP_SET = Duration.ofHours(1);

    // SADD arguments per command while rewriting a large set.
    private static final int CHUNK = 1_000;

    private final Redis redis;
    private final ClusterSettings settings;
    private final byte[] nodes;
    private final byte[] mine;
    private final byte[] next;
    private volatile Supplier<Set<Long>> onlineHere = Set::of;
    private volatile Consumer<Set<Long>> wentOffline = users -> {};
    private volatile boolean running;
    private volatile boolean degraded;
    private Thread heartbeat;

    RedisPresence(Redis redis, ClusterSettings settings) {
        this.redis = redis;
        this.settings = settings;
        this.nodes = redis.name("nodes");
        this.mine = users(redis.nodeId());
        this.next = redis.name("presence:" + redis.nodeId() + ":next");
    }

    @Override
    public void track(Supplier<Set<Long>> onlineHere, Consumer<Set<Long>> wentOffline) {
        this.onlineHere = onlineHere;
        this.wentOffline = wentOffline;
    }

    // Synchronized with the heartbeat: one connection runs commands in the order they were
    // sent, so a change is never overwritten by an older snapshot.
    @Override
    public synchronized void changed(long userId, boolean online) {
        redis.commands().ifPresent(connection -> {
            try {
                RedisAsyncCommands<byte[], byte[]> async = connection.async();
                if (online) {
                    async.sadd(mine, member(userId));
                } else {
                    async.srem(mine, member(userId));
                }
            } catch (RuntimeException e) {
                log.debug("presence change not shared user={} cause={}", userId, e.toString());
            }
        });
    }

    @Override
    public Set<Long> onlineElsewhere(Collection<Long> users) {
        if (users.isEmpty() || redis.commands().isEmpty()) {
            return Set.of();
        }
        List<Long> asked = List.copyOf(users);
        byte[][] members = asked.stream().map(RedisPresence::member).toArray(byte[][]::new);
        Set<Long> online = new HashSet<>();
        try {
            RedisCommands<byte[], byte[]> sync = redis.commands().get().sync();
            for (long node : otherNodes(sync)) {
                if (sync.exists(alive(node)) == 0) {
                    continue;
                }
                List<Boolean> found = sync.smismember(users(node), members);
                for (int i = 0; i < found.size(); i++) {
                    if (found.get(i)) {
                        online.add(asked.get(i));
                    }
                }
            }
            if (degraded) {
                degraded = false;
                log.info("presence of other nodes known again");
            }
            return online;
        } catch (RuntimeException e) {
            // Without Redis a node only knows its own users; say so once, not per request.
            if (!degraded) {
                degraded = true;
                log.warn("presence of other nodes unknown while redis is unavailable cause={}", e.toString());
            }
            return Set.of();
        }
    }

    @Override
    public void start() {
        running = true;
        heartbeat = Thread.ofVirtual().name("tidings-presence").start(this::beat);
    }

    @Override
    public void stop() {
        running = false;
        if (heartbeat != null) {
            heartbeat.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void beat() {
        while (running) {
            try {
                refresh();
                sweep();
            } catch (RuntimeException e) {
                log.debug("presence heartbeat failed cause={}", e.toString());
            }
            try {
                Thread.sleep(settings.heartbeat());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Rewrites this node's set from its own state, renames it into place, and says "alive". */
    private synchronized void refresh() {
        var connection = redis.commands().orElse(null);
        if (connection == null) {
            return;
        }
        RedisAsyncCommands<byte[], byte[]> async = connection.async();
        List<byte[]> members = new ArrayList<>();
        onlineHere.get().forEach(user -> members.add(member(user)));
        async.del(next);
        for (int from = 0; from < members.size(); from += CHUNK) {
            List<byte[]> chunk = members.subList(from, Math.min(members.size(), from + CHUNK));
            async.sadd(next, chunk.toArray(byte[][]::new));
        }
        if (members.isEmpty()) {
            async.del(mine);
        } else {
            async.rename(next, mine);
            async.pexpire(mine, KEEP_SET.toMillis());
        }
        // Alive before listed, so no node is ever listed without its alive key while it lives.
        async.set(alive(redis.nodeId()), new byte[] {1}, SetArgs.Builder.px(settings.nodeTimeout()));
        long now = System.currentTimeMillis();
        async.zadd(nodes, now, member(redis.nodeId()));
        async.zremrangebyscore(nodes, Range.create(0L, now - KEEP_SET.toMillis()));
    }

    /** Claims nodes whose alive key expired and hands their users to {@code wentOffline}. */
    private void sweep() {
        var connection = redis.commands().orElse(null);
        if (connection == null) {
            return;
        }
        RedisCommands<byte[], byte[]> sync = connection.sync();
        for (long node : otherNodes(sync)) {
            // ZREM answers 1 to exactly one node: that one announces, the others skip.
            if (sync.exists(alive(node)) == 0 && sync.zrem(nodes, member(node)) == 1) {
                Set<Long> users = new HashSet<>();
                sync.smembers(users(node)).forEach(user -> users.add(Long.parseLong(text(user))));
                sync.del(users(node));
                log.info("node gone node={} users={}", node, users.size());
                if (!users.isEmpty()) {
                    wentOffline.accept(users);
                }
            }
        }
    }

    private List<Long> otherNodes(RedisCommands<byte[], byte[]> sync) {
        return sync.zrange(nodes, 0, -1).stream()
                .map(node -> Long.parseLong(text(node)))
                .filter(node -> node != redis.nodeId())
                .toList();
    }

    private byte[] users(long nodeId) {
        return redis.name("presence:" + nodeId);
    }

    private byte[] alive(long nodeId) {
        return redis.name("alive:" + nodeId);
    }

    private static byte[] member(long id) {
        return Long.toString(id).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
