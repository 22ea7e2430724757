package org.tidings.bench;

/** How a client follows its stream. Each system under test offers some of these. */
enum Transport {
    WEBSOCKET("WebSocket"),
    SSE("SSE"),
    LONG_POLL("long poll"),
    SHORT_POLL("short poll");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
