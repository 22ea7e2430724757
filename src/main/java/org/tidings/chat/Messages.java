package org.tidings.chat;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.tidings.account.AuthenticatedUser;
import org.tidings.social.Conversations;
import org.tidings.storage.UniqueViolation;
import org.tidings.stream.EventLog;
import org.tidings.stream.WriteTx;
import org.tidings.web.ApiException;

/**
 * Sending: one write that checks membership and blocks, takes the conversation's next seq,
 * stores the message and emits {@code message.created} to the conversation, all in one
 * transaction. The 201 leaves only after the commit.
 */
@Component
public class Messages {

    /** What a send produced: the message, and whether this call created it or found it. */
    record Sent(Message message, boolean created) {}

    // A conversation list shows this much of the last message.
    private static final int PREVIEW_CHARS = 140;

    private final EventLog log;
    private final Conversations conversations;
    private final MessageStore store;
    private final SendThrottle throttle;
    private final ChatSettings settings;
    private final SendExtras extras;

    Messages(
            EventLog log,
            Conversations conversations,
            MessageStore store,
            SendThrottle throttle,
            ChatSettings settings,
            SendExtras extras) {
        this.log = log;
        this.extras = extras;
        this.conversations = conversations;
        this.store = store;
        this.throttle = throttle;
        this.settings = settings;
    }

    Sent send(AuthenticatedUser sender, long conversationId, String rawBody, String clientMsgId, Long replyTo) {
        String body = validBody(rawBody);
        String key = validClientId(clientMsgId);
        throttle.acquire(sender.id());
        try {
            return log.write(tx -> {
                // A retry finds its message here (inside the write: one writer per node, so no
                // race on this node, and no extra round trip to the pool).
                if (key != null && store.hasClientId(tx.jdbc(), sender.id(), key)) {
                    Message earlier =
                            store.findByClientId(tx.jdbc(), sender.id(), key).orElseThrow();
                    return new Sent(sameConversation(earlier, conversationId), false);
                }
                // Another node storing the same clientMsgId at the same moment fails this write
                // on the unique constraint, handled below.
                Message message = store(
                        tx,
                        conversationId,
                        new Sender(sender.id(), sender.username(), sender.displayName()),
                        body,
                        key,
                        null,
                        replyTo);
                return new Sent(message, true);
            });
        } catch (DataAccessException e) {
            // Another node stored the same client id between our lookup and our insert.
            if (key != null && UniqueViolation.is(e)) {
                return new Sent(
                        sameConversation(store.findByClientId(sender.id(), key).orElseThrow(), conversationId), false);
            }
            throw e;
        }
    }

    /**
     * Sends a message carrying an attachment inside the caller's write, so whatever made the
     * attachment (a finished upload) commits together with its message or not at all. The body
     * is the file's name, so a client that does not know attachments still shows something. The
     * client id makes it idempotent: a second call with the same id returns the first message.
     */
    public Message sendAttachment(
            WriteTx tx, long senderId, long conversationId, Attachment attachment, UUID clientMsgId) {
        String key = clientMsgId.toString();
        Optional<Message> earlier = store.findByClientId(tx.jdbc(), senderId, key);
        if (earlier.isPresent()) {
            return sameConversation(earlier.get(), conversationId);
        }
        Sender sender = tx.jdbc()
                .sql("SELECT id, username, display_name FROM users WHERE id = ?")
                .param(senderId)
                .query((rs, n) -> new Sender(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .single();
        return store(tx, conversationId, sender, attachment.name(), key, attachment, null);
    }

    private Message store(
            WriteTx tx,
            long conversationId,
            Sender sender,
            String body,
            String key,
            Attachment attachment,
            Long replyTo) {
        // Checks membership first (404), then blocks and friendship (403).
        conversations.checkCanSend(tx, conversationId, sender.id());
        Message.ReplyRef reply = replyTo == null ? null : extras.replyRef(tx, conversationId, replyTo);
        long seq = conversations.recordMessage(tx, conversationId, preview(body), tx.now());
        long id = store.insert(tx.jdbc(), conversationId, seq, sender.id(), body, key, attachment, tx.now());
        // You have read what you wrote: your own message never counts as unread.
        conversations.markReadThrough(tx, conversationId, sender.id(), seq);
        Message message = extras.attach(
                tx,
                new Message(id, conversationId, seq, sender, body, Instant.ofEpochMilli(tx.now()), key, attachment),
                reply);
        tx.emitToConversation(conversationId, "message.created", message);
        return message;
    }

    String validBody(String raw) {
        String body = raw == null ? "" : raw.strip();
        int length = body.codePointCount(0, body.length());
        if (length == 0 || length > settings.maxMessageChars()) {
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "validation_failed",
                    "body must be 1-" + settings.maxMessageChars() + " characters after trimming");
        }
        return body;
    }

    private static String validClientId(String clientMsgId) {
        if (clientMsgId == null) {
            return null;
        }
        try {
            return UUID.fromString(clientMsgId).toString();
        } catch (IllegalArgumentException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "validation_failed", "clientMsgId must be a UUID");
        }
    }

    /** A client id names one message: reusing it for another conversation is a client bug. */
    private static Message sameConversation(Message earlier, long conversationId) {
        if (earlier.conversationId() != conversationId) {
            throw ApiException.conflict("client_msg_id_reused", "This clientMsgId was used for another conversation");
        }
        return earlier;
    }

    static String preview(String body) {
        String oneLine = body.replaceAll("\\s+", " ");
        return oneLine.codePointCount(0, oneLine.length()) <= PREVIEW_CHARS
                ? oneLine
                : oneLine.substring(0, oneLine.offsetByCodePoints(0, PREVIEW_CHARS)) + "…";
    }
}
