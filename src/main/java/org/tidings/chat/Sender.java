package org.tidings.chat;

/** Who sent a message, as every reader sees it. */
public record Sender(long id, String username, String displayName) {}
