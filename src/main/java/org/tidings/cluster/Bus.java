package org.tidings.cluster;

import java.util.function.Consumer;

/**
 * Messages to the other nodes: at most once, in order per sender, and only to nodes listening
 * at that moment. Use it to wake up or to invalidate, never to carry something that must not be
 * lost; the database is the truth.
 */
public interface Bus {

    /** Sends to every other node; never blocks, and drops the message when Redis is away. */
    void publish(String topic, byte[] message);

    /**
     * Receives what other nodes publish on {@code topic} (never this node's own messages), on an
     * I/O thread: the handler must be quick and must not block.
     */
    void subscribe(String topic, Consumer<byte[]> handler);
}
