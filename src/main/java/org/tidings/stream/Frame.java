package org.tidings.stream;

import java.nio.charset.StandardCharsets;

/**
 * One event as it goes on the wire: its JSON, serialised once and shared by every recipient
 * (and its SSE framing, built once on first use). Ephemeral events (typing, presence, progress)
 * have position 0 and no cursor.
 */
final class Frame {

    static final long EPHEMERAL = 0;

    private final long position;
    private final String cursor;
    private final byte[] json;
    private byte[] sse;

    Frame(long position, String cursor, byte[] json) {
        this.position = position;
        this.cursor = cursor;
        this.json = json;
    }

    static Frame ephemeral(byte[] json) {
        return new Frame(EPHEMERAL, null, json);
    }

    long position() {
        return position;
    }

    boolean persisted() {
        return position != EPHEMERAL;
    }

    String cursor() {
        return cursor;
    }

    byte[] json() {
        return json;
    }

    /** {@code id: <cursor>} (persisted only) and {@code data: <json>}, as an SSE event. */
    byte[] sse() {
        byte[] encoded = sse;
        if (encoded == null) {
            // Racing threads may both build it; they build the same bytes.
            String head = (cursor == null ? "" : "id: " + cursor + "\n") + "data: ";
            byte[] prefix = head.getBytes(StandardCharsets.UTF_8);
            encoded = new byte[prefix.length + json.length + 2];
            System.arraycopy(prefix, 0, encoded, 0, prefix.length);
            System.arraycopy(json, 0, encoded, prefix.length, json.length);
            encoded[encoded.length - 2] = '\n';
            encoded[encoded.length - 1] = '\n';
            sse = encoded;
        }
        return encoded;
    }
}
