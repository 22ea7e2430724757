package org.tidings.chat;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.tidings.social.Conversations;
import org.tidings.social.Membership;
import org.tidings.stream.WriteTx;
import org.tidings.web.ApiException;

/**
 * What a send looks up beside the message row: the message it replies to and whom it mentions.
 * Both are read only when asked for, so a plain message (no reply, no {@code @}) costs no extra
 * statement; they are stored with the row ({@link SendGroup}).
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

    /** Whom {@code message}'s body mentions; membership is read only when the body has an {@code @}. */
    Mentions.Resolved resolve(WriteTx tx, Message message) {
        if (!mayMention(message.body(), message.attachment())) {
            return Mentions.Resolved.NONE;
        }
        Membership sender = conversations.requireMember(
                tx, message.conversationId(), message.sender().id());
        return Mentions.resolve(tx.jdbc(), sender, message.sender().id(), message.body());
    }

    /**
     * The same for a send whose membership the writer already read ({@link
     * Conversations#checkCanSendAll}): its role decides whether {@code @everyone} counts.
     */
    Mentions.Resolved resolve(WriteTx tx, Membership sender, long senderId, String body, Attachment attachment) {
        if (!mayMention(body, attachment)) {
            return Mentions.Resolved.NONE;
        }
        return Mentions.resolve(tx.jdbc(), sender, senderId, body);
    }

    // An attachment's body is its file name, which mentions nobody.
    private static boolean mayMention(String body, Attachment attachment) {
        return attachment == null && body.indexOf('@') >= 0;
    }

    static ApiException messageDeleted() {
        return new ApiException(HttpStatus.CONFLICT, "message_deleted", "This message was deleted");
    }
}
