package org.tidings.account;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;

/**
 * A user as the API shows it. {@code deactivated} stays out of the JSON: it is for features that
 * refuse to start something new with a deactivated account (a friendship, a group seat).
 */
public record UserView(
        long id,
        String username,
        String displayName,
        Instant createdAt,
        @JsonIgnore boolean deactivated) {}
