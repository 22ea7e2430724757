package org.tidings.bench;

/**
 * The body of every benchmark message: {@code m <step> <seq> <sentNanos>}, padded to a fixed
 * length so each system carries the same payload. The receiving side finds it in whatever JSON
 * the system wraps it in, by the {@code "body":"} key every system here uses.
 */
final class Probe {

    static final int BODY_CHARS = 32;
    private static final String KEY = "\"body\":\"";

    record Received(int step, long seq, long sentNanos) {}

    private Probe() {}

    static String body(int step, long seq, long sentNanos) {
        StringBuilder body = new StringBuilder(BODY_CHARS).append("m ").append(step).append(' ')
                .append(seq).append(' ').append(sentNanos);
        while (body.length() < BODY_CHARS) {
            body.append('.');
        }
        return body.toString();
    }

    /** The probe in an event's JSON, or null when the event carries none (ready, acks, ...). */
    static Received find(String json) {
        int start = json.indexOf(KEY);
        if (start < 0 || !json.startsWith("m ", start + KEY.length())) {
            return null;
        }
        int at = start + KEY.length() + 2;
        int space1 = json.indexOf(' ', at);
        int space2 = json.indexOf(' ', space1 + 1);
        int end = space2 + 1;
        while (end < json.length() && Character.isDigit(json.charAt(end))) {
            end++;
        }
        return new Received(
                Integer.parseInt(json, at, space1, 10),
                Long.parseLong(json, space1 + 1, space2, 10),
                Long.parseLong(json, space2 + 1, end, 10));
    }
}
