package org.tidings.chat;

import java.time.Instant;

/**
 * A stored message: {@code seq} orders it within its conversation, the same for everyone.
 * {@code attachment} is null for a plain text message.
 */
public record Message(
        long id,
        long conversationId,
        long seq,
        Sender sender,
        String body,
        Instant sentAt,
        String clientMsgId,
        Attachment attachment) {}
