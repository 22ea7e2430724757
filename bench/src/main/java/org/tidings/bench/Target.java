package org.tidings.bench;

import java.util.List;

/**
 * A system under test, running, with its users ready: user {@code i} is a member of the one big
 * group, and the partner of user {@code i ^ 1} in a one-to-one conversation.
 */
interface Target extends AutoCloseable {

    String name();

    List<Transport> transports();

    ServerProcess server();

    /** Opens user {@code user}'s stream through {@code port} (the server's, or a proxy's). */
    StreamConnection connect(Transport transport, int user, EventSink sink, int port) throws Exception;

    default StreamConnection connect(Transport transport, int user, EventSink sink) throws Exception {
        return connect(transport, user, sink, server().port());
    }

    /** A second channel for user {@code user} to send on, of the kind that goes with the transport. */
    Sender sender(Transport transport, int user) throws Exception;

    static int partner(int user) {
        return user ^ 1;
    }

    @Override
    void close();
}
