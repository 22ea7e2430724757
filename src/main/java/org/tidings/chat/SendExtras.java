package org.tidings.chat;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.tidings.social.Conversations;
import org.tidings.social.Membership;
import org.tidings.stream.WriteTx;
import org.tidings.web.ApiException;

/**
 * What a send stores beside the message row: the message it replies to and whom it mentions.
 * Kept apart from the insert, so a plain message (no reply, no {@code @}) costs no extra
 * statement.
 */
@Component
class SendExtras {

    private final Conversations conversations;
    private final MessageStore store;

    SendExtras(Conversations conversations, MessageStore store) {
        this.conversations = conversations;
        this.store = store;
    }

    /** 400 {@code reply_not_found} unless the message is in this conversation; 409 if it was deleted. */
    Message.ReplyRef replyRef(WriteTx tx, long conversationId, long replyTo) {
        Message original = store.find(tx.jdbc(), conversationId, replyTo)
                .orElseThrow(() ->
                        ApiException.badRequest("reply_not_found", "replyTo must be a message of this conversation"));
        if (original.deleted()) {
            throw messageDeleted();
        }
        return new Message.ReplyRef(
                original.id(), original.seq(), original.sender(), Messages.preview(original.body()), false);
    }

    /** Stores the reply and the mentions of a message just inserted; returns it carrying them. */
    Message attach(WriteTx tx, Message message, Message.ReplyRef reply) {
        Mentions.Resolved mentions = resolve(tx, message);
        if (reply == null && mentions.isEmpty()) {
            return message;
        }
        tx.jdbc()
                .sql("UPDATE messages SET reply_to_id = ?, mentions = ?, mentions_everyone = ? WHERE id = ?")
                .params(reply == null ? null : reply.id(), mentions.column(), mentions.everyone(), message.id())
                .update();
        conversations.recordMentions(tx, message.conversationId(), message.id(), message.seq(), mentions.notified());
        return message.withReply(reply).withMentions(mentions);
    }

    /** Whom {@code message}'s body mentions; membership is read only when the body has an {@code @}. */
    Mentions.Resolved resolve(WriteTx tx, Message message) {
        if (message.attachment() != null || message.body().indexOf('@') < 0) {
            return Mentions.Resolved.NONE;
        }
        Membership sender = conversations.requireMember(
                tx, message.conversationId(), message.sender().id());
        return Mentions.resolve(tx.jdbc(), sender, message.sender().id(), message.body());
    }

    static ApiException messageDeleted() {
        return new ApiException(HttpStatus.CONFLICT, "message_deleted", "This message was deleted");
    }
}
