package org.tidings.account;

import java.time.Instant;

/** A user as the API shows it. */
public record UserView(long id, String username, String displayName, Instant createdAt) {}
