package org.tidings.account;

/** The user behind a request: resolved once from its session cookie or bearer token. */
public record AuthenticatedUser(long id, String username, String displayName) {}
