package org.tidings.account;

import java.time.Instant;

/**
 * The signed-in user as {@code GET /api/me} shows them: their account, their own settings, and
 * whether the client should offer the administrators' pages.
 */
record Me(long id, String username, String displayName, Instant createdAt, boolean shareReadReceipts, boolean isAdmin) {

    /** {@code PATCH /api/me}: only the fields sent change. */
    record Change(Boolean shareReadReceipts) {}

    Me withAdmin(boolean admin) {
        return new Me(id, username, displayName, createdAt, shareReadReceipts, admin);
    }
}
