package org.tidings.stream;

/** A user opened a live stream (WebSocket or SSE) or made a poll on this node. */
public record StreamOpened(long userId, boolean longPoll, long waitMillis) {}
