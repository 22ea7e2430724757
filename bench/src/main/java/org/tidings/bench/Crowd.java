package org.tidings.bench;

import java.util.ArrayList;
import java.util.List;

/** Many open streams of one target: opened a few at a time, closed together. */
final class Crowd implements AutoCloseable {

    // Opening is not what is measured; a few at a time keeps the server's accept queue short.
    private static final int OPENING_IN_FLIGHT = 32;

    private final Target target;
    private final Transport transport;
    private final int users;
    private final java.util.function.IntFunction<EventSink> sinks;
    private final List<StreamConnection> connections = new ArrayList<>();

    Crowd(Target target, Transport transport, int users, EventSink sink) {
        this(target, transport, users, user -> sink);
    }

    /** Each user's streams get the sink made for that user. */
    Crowd(Target target, Transport transport, int users, java.util.function.IntFunction<EventSink> sinks) {
        this.target = target;
        this.transport = transport;
        this.users = users;
        this.sinks = sinks;
    }

    /** Opens streams until there are {@code total}; stream {@code k} belongs to user {@code k % users}. */
    Crowd growTo(int total) throws Exception {
        int from = connections.size();
        List<StreamConnection> opened = TidingsApi.parallel(
                total - from, OPENING_IN_FLIGHT, i -> target.connect(transport, (from + i) % users, sinks.apply((from + i) % users)));
        connections.addAll(opened);
        return this;
    }

    int size() {
        return connections.size();
    }

    long broken() {
        return connections.stream().filter(StreamConnection::broken).count();
    }

    long requests() {
        return connections.stream().mapToLong(StreamConnection::requests).sum();
    }

    @Override
    public void close() {
        connections.forEach(StreamConnection::close);
        connections.clear();
    }
}
