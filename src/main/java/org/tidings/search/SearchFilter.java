package org.tidings.search;

/** Who searches and the optional narrowing; times are epoch milliseconds, both bounds exclusive. */
record SearchFilter(
        long userId, Long conversationId, Long senderId, Long sentBefore, Long sentAfter, long belowId, int limit) {}
