package org.tidings.account;

import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/**
 * The signed-in user as {@code GET /api/me} shows them: their account, their profile, their own
 * settings, and whether the client should offer the administrators' pages.
 */
record Me(
        long id,
        String username,
        String displayName,
        String status,
        long avatarVersion,
        Instant createdAt,
        boolean shareReadReceipts,
        boolean isAdmin) {

    /** {@code PATCH /api/me}: only the fields sent change; an empty status clears it. */
    record Change(
            // Same rule as at registration: no control characters, no bidi overrides.
            @Pattern(
                    regexp = "[^\\p{Cc}\\u202A-\\u202E\\u2066-\\u2069]{1,64}",
                    message = "1-64 characters, no control characters")
            String displayName,

            @Pattern(
                    regexp = "[^\\p{Cc}\\u202A-\\u202E\\u2066-\\u2069]{0,80}",
                    message = "at most 80 characters, no control characters")
            String status,

            Boolean shareReadReceipts) {
        Change {
            displayName = displayName == null ? null : displayName.strip();
            status = status == null ? null : status.strip();
        }
    }
}
