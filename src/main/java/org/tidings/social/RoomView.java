package org.tidings.social;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** A public room as the directory lists it, to anyone signed in; {@code joined} is the caller's. */
record RoomView(
        long id,
        String name,
        @JsonInclude(JsonInclude.Include.ALWAYS) String description,
        int memberCount,
        Instant lastActivityAt,
        Instant createdAt,
        boolean joined) {}
