package org.tidings.social;

import java.time.Instant;

record FriendRequestView(long id, UserRef from, UserRef to, Instant createdAt) {}
