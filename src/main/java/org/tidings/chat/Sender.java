package org.tidings.chat;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Who sent a message, as every reader sees it. {@code deactivated} (true) marks, in history read
 * back, a sender whose account an administrator deactivated; left out otherwise, and always in
 * live events (a deactivated account cannot send).
 */
public record Sender(
        long id,
        String username,
        String displayName,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean deactivated) {

    public Sender(long id, String username, String displayName) {
        this(id, username, displayName, false);
    }
}
