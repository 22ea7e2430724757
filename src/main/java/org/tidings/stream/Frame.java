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
    // The stream ends once this frame is out (the account was deactivated).
    private final boolean last;
    private byte[] sse;
    private byte[] ws;

    Frame(long position, String cursor, byte[] json) {
        this(position, cursor, json, false);
    }

    Frame(long position, String cursor, byte[] json, boolean last) {
        this.position = position;
        this.cursor = cursor;
        this.json = json;
        this.last = last;
    }

    /** After this frame a live stream closes: its user may not read any more. */
    boolean last() {
        return last;
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

    /**
     * The whole WebSocket text frame (header and payload) as the server sends it: unmasked and
     * uncompressed, so it is the same for every recipient and is built once, on first use, instead
     * of once per socket by the frame encoder.
     */
    byte[] ws() {
        byte[] encoded = ws;
        if (encoded == null) {
            encoded = webSocketText(json);
            ws = encoded;
        }
        return encoded;
    }

    static byte[] webSocketText(byte[] payload) {
        int length = payload.length;
        int header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
        byte[] encoded = new byte[header + length];
        encoded[0] = (byte) 0x81; // FIN, text
        if (length < 126) {
            encoded[1] = (byte) length;
        } else if (length < 65_536) {
            encoded[1] = 126;
            encoded[2] = (byte) (length >>> 8);
            encoded[3] = (byte) length;
        } else {
            encoded[1] = 127;
            for (int i = 0; i < 8; i++) {
                encoded[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, encoded, header, length);
        return encoded;
    }
}
