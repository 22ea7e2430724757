package org.tidings.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.tidings.storage.Database;

/**
 * This node's two connections to Redis: one for commands, one for pub/sub. Redis is a fast path,
 * never the truth, so the node starts and keeps serving without it: the first connection is
 * retried in the background, and a lost one reconnects (and resubscribes) on its own.
 */
@Component
@ClusterMode
class Redis implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Redis.class);

    // Reconnect quickly after a Redis restart, but without hammering one that stays down.
    private static final Duration RETRY_MIN = Duration.ofMillis(100);
    private static final Duration RETRY_MAX = Duration.ofSeconds(1);

    private final ClusterSettings settings;
    private final ClientResources resources;
    private final RedisClient client;
    private final Map<String, Consumer<byte[]>> handlers = new ConcurrentHashMap<>();
    // Random per start: a restarted node is a new node, and 64 bits never collide in practice.
    private final long nodeId = ThreadLocalRandom.current().nextLong();
    private volatile StatefulRedisConnection<byte[], byte[]> commands;
    private volatile StatefulRedisPubSubConnection<byte[], byte[]> pubsub;
    private volatile boolean running;
    private Thread connector;

    Redis(ClusterSettings settings, Database database) {
        if (database != Database.POSTGRES) {
            throw new IllegalStateException(
                    "Cluster mode (tidings.cluster.redis-url, TIDINGS_REDIS_URL) needs PostgreSQL,"
                            + " but the database is " + database
                            + ". Set TIDINGS_DB_URL to a jdbc:postgresql: URL shared by"
                            + " every node, or unset TIDINGS_REDIS_URL to run a single node on SQLite.");
        }
        this.settings = settings;
        this.resources = ClientResources.builder()
                .reconnectDelay(Delay.exponential(RETRY_MIN, RETRY_MAX, 2, TimeUnit.MILLISECONDS))
                .build();
        RedisURI uri = RedisURI.create(settings.redisUrl());
        uri.setTimeout(settings.redisTimeout());
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                // While Redis is away, fail at once instead of queueing: every caller has a
                // way on without Redis, and a queue would only grow.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(settings.redisTimeout()))
                .build());
    }

    long nodeId() {
        return nodeId;
    }

    /** The full name of a key or channel: the prefix keeps deployments apart. */
    byte[] name(String suffix) {
        return (settings.prefix() + ":" + suffix).getBytes(StandardCharsets.UTF_8);
    }

    /** The command connection, once there is one; commands fail while Redis is down. */
    Optional<StatefulRedisConnection<byte[], byte[]>> commands() {
        return Optional.ofNullable(commands);
    }

    /**
     * Delivers messages on {@code channel} to {@code handler}, on a Redis I/O thread: the
     * handler must be quick and must not block.
     */
    synchronized void subscribe(String channel, Consumer<byte[]> handler) {
        handlers.put(channel, handler);
        if (pubsub != null) {
            pubsub.async().subscribe(name(channel));
        }
    }

    @Override
    public void start() {
        running = true;
        connector = Thread.ofVirtual().name("tidings-redis-connect").start(this::connectUntilUp);
    }

    @Override
    public void stop() {
        running = false;
        if (connector != null) {
            connector.interrupt();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the event log (phase 0), so wake-ups flow from the first commit on. */
    @Override
    public int getPhase() {
        return -10;
    }

    private void connectUntilUp() {
        boolean warned = false;
        while (running) {
            try {
                connect();
                log.info("redis connected url={}", safeUrl());
                return;
            } catch (RuntimeException e) {
                if (!warned) {
                    log.warn("redis unavailable url={} cause={}; retrying", safeUrl(), e.toString());
                    warned = true;
                }
            }
            try {
                Thread.sleep(RETRY_MAX);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void connect() {
        if (commands == null) {
            commands = client.connect(ByteArrayCodec.INSTANCE);
        }
        StatefulRedisPubSubConnection<byte[], byte[]> subscriber = client.connectPubSub(ByteArrayCodec.INSTANCE);
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                dispatch(channel, message);
            }
        });
        // Lettuce resubscribes these channels itself after a reconnect.
        byte[][] channels = handlers.keySet().stream().map(this::name).toArray(byte[][]::new);
        try {
            if (channels.length > 0) {
                subscriber.sync().subscribe(channels);
            }
        } catch (RuntimeException e) {
            subscriber.close(); // the next attempt opens a fresh one
            throw e;
        }
        pubsub = subscriber;
    }

    private void dispatch(byte[] channel, byte[] message) {
        String name = new String(channel, StandardCharsets.UTF_8);
        Consumer<byte[]> handler = handlers.get(name.substring(settings.prefix().length() + 1));
        if (handler == null) {
            return;
        }
        try {
            handler.accept(message);
        } catch (RuntimeException e) {
            log.error("redis message handler failed channel={}", name, e);
        }
    }

    private String safeUrl() {
        return settings.redisUrl().replaceAll("//[^@/]*@", "//***@");
    }
}
