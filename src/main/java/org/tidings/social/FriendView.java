package org.tidings.social;

import java.time.Instant;

/** A friend, with the direct conversation the two of you share. */
record FriendView(UserRef user, long conversationId, Instant since) {}
