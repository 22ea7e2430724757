package org.tidings.stream;

/** A user's live stream (WebSocket or SSE) on this node closed. */
public record StreamClosed(long userId) {}
