package org.tidings.search;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.tidings.web.ApiException;

/** Where the next page starts: below this message id. Opaque to clients so it can change. */
final class SearchCursor {

    private static final String PREFIX = "s1:";

    private SearchCursor() {}

    static String after(long messageId) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((PREFIX + messageId).getBytes(StandardCharsets.UTF_8));
    }

    /** The id to search below; Long.MAX_VALUE for the first page. */
    static long below(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return Long.MAX_VALUE;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                long id = Long.parseLong(text.substring(PREFIX.length()));
                if (id > 0) {
                    return id;
                }
            }
        } catch (IllegalArgumentException e) {
            // Not base64 or not a number: the same answer as any other cursor we did not make.
        }
        throw ApiException.badRequest("invalid_cursor", "cursor is not one this server returned");
    }
}
