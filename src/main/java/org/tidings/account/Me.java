package org.tidings.account;

import java.time.Instant;

/** The signed-in user as {@code GET /api/me} shows them: their account and their own settings. */
record Me(long id, String username, String displayName, Instant createdAt, boolean shareReadReceipts) {

    /** {@code PATCH /api/me}: only the fields sent change. */
    record Change(Boolean shareReadReceipts) {}
}
