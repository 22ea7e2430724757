package org.tidings.stream;

import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.tidings.web.ApiException;

/**
 * A position in one database's event log, as clients see it: opaque text. The epoch names the
 * database, so a cursor from a recreated or restored database is refused rather than misread.
 */
record Cursor(String epoch, long position) {

    private static final Pattern FORMAT = Pattern.compile("([0-9a-z]{1,13})\\.([0-9a-f]{1,32})");

    String encode() {
        return Long.toString(position, 36) + "." + epoch;
    }

    static Cursor parse(String text) {
        var match = text == null ? null : FORMAT.matcher(text);
        if (match == null || !match.matches()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_cursor", "Malformed cursor");
        }
        try {
            return new Cursor(match.group(2), Long.parseLong(match.group(1), 36));
        } catch (NumberFormatException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_cursor", "Malformed cursor");
        }
    }
}
