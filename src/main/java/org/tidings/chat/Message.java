package org.tidings.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * A stored message: {@code seq} orders it within its conversation, the same for everyone.
 * {@code attachment} is null for a plain text message. A deleted message is a tombstone: {@code
 * deleted} true, no body, attachment, reactions or mentions, but still its seq.
 *
 * <p>{@code reactions} is per reader ({@code me}); event payloads always carry it empty (left
 * out), since one serialised event goes to every member.
 */
public record Message(
        long id,
        long conversationId,
        long seq,
        Sender sender,
        String body,
        Instant sentAt,
        String clientMsgId,
        Attachment attachment,
        Instant editedAt,
        // Left out when false or empty: a plain new message serialises exactly as before these
        // fields existed, and every byte of a message event is written to every member.
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean deleted,
        ReplyRef replyTo,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Long> mentions,
        Boolean mentionsEveryone,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Reaction> reactions) {

    /** A new message: not edited, not deleted, no reply, mentions or reactions. */
    public Message(
            long id,
            long conversationId,
            long seq,
            Sender sender,
            String body,
            Instant sentAt,
            String clientMsgId,
            Attachment attachment) {
        this(
                id,
                conversationId,
                seq,
                sender,
                body,
                sentAt,
                clientMsgId,
                attachment,
                null,
                false,
                null,
                List.of(),
                null,
                List.of());
    }

    /** The message a reply answers, as the reply shows it; its preview follows edits. */
    public record ReplyRef(
            long id,
            long seq,
            Sender sender,
            String preview,
            @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean deleted) {}

    /** One emoji on a message: who put it there ({@code userIds}, oldest first) and whether the reader did. */
    public record Reaction(String emoji, int count, boolean me, List<Long> userIds) {}

    Message withReply(ReplyRef reply) {
        return new Message(
                id,
                conversationId,
                seq,
                sender,
                body,
                sentAt,
                clientMsgId,
                attachment,
                editedAt,
                deleted,
                reply,
                mentions,
                mentionsEveryone,
                reactions);
    }

    Message withMentions(Mentions.Resolved resolved) {
        return new Message(
                id,
                conversationId,
                seq,
                sender,
                body,
                sentAt,
                clientMsgId,
                attachment,
                editedAt,
                deleted,
                replyTo,
                resolved.named(),
                resolved.everyone() ? Boolean.TRUE : null,
                reactions);
    }

    Message withReactions(List<Reaction> list) {
        return new Message(
                id,
                conversationId,
                seq,
                sender,
                body,
                sentAt,
                clientMsgId,
                attachment,
                editedAt,
                deleted,
                replyTo,
                mentions,
                mentionsEveryone,
                list);
    }

    /** The tombstone every reader (and every rewritten event) sees once the message is deleted. */
    Message tombstone() {
        return new Message(
                id,
                conversationId,
                seq,
                sender,
                null,
                sentAt,
                clientMsgId,
                null,
                null,
                true,
                null,
                List.of(),
                null,
                List.of());
    }
}
