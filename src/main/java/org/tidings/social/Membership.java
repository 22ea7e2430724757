package org.tidings.social;

/** The caller's place in a live conversation: kind is {@code direct} or {@code group}, role {@code owner}, {@code admin} or {@code member}. */
public record Membership(long conversationId, String kind, String role) {}
