package org.tidings.cluster;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Redis pub/sub between nodes. Each message starts with the sender's node id, so a node skips
 * its own messages (Redis delivers them to every subscriber, the sender included).
 */
@Component
@ClusterMode
class RedisBus implements Bus {

    private static final Logger log = LoggerFactory.getLogger(RedisBus.class);

    private final Redis redis;

    RedisBus(Redis redis) {
        this.redis = redis;
    }

    @Override
    public void publish(String topic, byte[] message) {
        redis.commands().ifPresent(connection -> {
            byte[] framed = ByteBuffer.allocate(Long.BYTES + message.length)
                    .putLong(redis.nodeId())
                    .put(message)
                    .array();
            try {
                connection.async().publish(redis.name(topic), framed).exceptionally(e -> dropped(topic, e));
            } catch (RuntimeException e) {
                dropped(topic, e);
            }
        });
    }

    @Override
    public void subscribe(String topic, Consumer<byte[]> handler) {
        redis.subscribe(topic, framed -> {
            ByteBuffer buffer = ByteBuffer.wrap(framed);
            if (framed.length < Long.BYTES || buffer.getLong() == redis.nodeId()) {
                return;
            }
            byte[] message = new byte[buffer.remaining()];
            buffer.get(message);
            handler.accept(message);
        });
    }

    private static Long dropped(String topic, Throwable cause) {
        log.debug("redis publish dropped topic={} cause={}", topic, cause.toString());
        return 0L;
    }
}
