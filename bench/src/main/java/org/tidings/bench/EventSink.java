package org.tidings.bench;

/**
 * Receives each event's JSON text as the client decoded it from the wire (a WebSocket text frame,
 * an SSE data line, one element of a poll's event list, a Socket.IO event's argument). Called on
 * the clients' own threads, so implementations are thread-safe.
 */
@FunctionalInterface
interface EventSink {
    void onEvent(String json);

    EventSink IGNORE = json -> {};
}
