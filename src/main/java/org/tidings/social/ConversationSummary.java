package org.tidings.social;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One conversation as one member lists it. The title is the group's name, or the other person's
 * display name for a direct conversation. {@code canSend} is false for a direct conversation
 * whose friendship ended: its history stays readable.
 */
record ConversationSummary(
        long id,
        String kind,
        String title,
        String description,
        String role,
        int memberCount,
        long lastSeq,
        long readSeq,
        long unreadCount,
        // Messages above the read pointer that mention this member (by name or @everyone).
        long unreadMentions,
        // Shown as null rather than left out, so "no messages yet" is explicit.
        @JsonInclude(JsonInclude.Include.ALWAYS) String lastMessagePreview,
        @JsonInclude(JsonInclude.Include.ALWAYS) Instant lastMessageAt,
        Instant lastActivityAt,
        Instant createdAt,
        UserRef otherUser,
        boolean canSend,
        // Which messages notify this member: all, mentions (only those that mention them), none.
        String notifications,
        // Groups only: private, or public (listed in the room directory); absent for direct ones.
        String visibility) {}
