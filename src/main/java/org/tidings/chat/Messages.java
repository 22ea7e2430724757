package org.tidings.chat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.tidings.account.AuthenticatedUser;
import org.tidings.storage.Blocking;
import org.tidings.storage.UniqueViolation;
import org.tidings.stream.EventLog;
import org.tidings.stream.WriteTx;
import org.tidings.web.ApiException;

/**
 * Sending: one write that checks membership and blocks, takes the conversation's next seq,
 * stores the message and emits {@code message.created} to the conversation, all in one
 * transaction (together with the other sends of the writer's batch, see {@link SendGroup}).
 * The 201 leaves only after the commit.
 */
@Component
public class Messages {

    /** What a send produced: the message, and whether this call created it or found it. */
    /**
     * A stored (or, for a retry, found) message. {@code json}: the message as the JSON of its
     * {@code message.created} event, when this send emitted one, so a reply reuses it.
     */
    record Sent(Message message, boolean created, String json) {
        Sent(Message message, boolean created) {
            this(message, created, null);
        }
    }

    // A conversation list shows this much of the last message.
    private static final int PREVIEW_CHARS = 140;

    private final EventLog log;
    private final SendGroup sends;
    private final ChatMeters meters;
    private final MessageStore store;
    private final SendThrottle throttle;
    private final ChatSettings settings;

    Messages(
            EventLog log,
            SendGroup sends,
            MessageStore store,
            SendThrottle throttle,
            ChatSettings settings,
            ChatMeters meters) {
        this.meters = meters;
        this.log = log;
        this.sends = sends;
        this.store = store;
        this.throttle = throttle;
        this.settings = settings;
    }

    /** Stores a send and returns it once committed; blocks the calling (virtual) thread. */
    Sent send(AuthenticatedUser sender, long conversationId, String rawBody, String clientMsgId, Long replyTo) {
        return log.await(submit(sender, conversationId, rawBody, clientMsgId, replyTo));
    }

    /**
     * Whether {@link #submit} never blocks the calling thread, so an event loop may call it: the
     * rate limit is kept in memory (in cluster mode it asks Redis).
     */
    boolean submitsWithoutBlocking() {
        return throttle.inMemory();
    }

    /**
     * Validates and rate-limits a send, queues it for the writer and returns at once: the future
     * completes on the writer thread once the send is committed, or with what refused it.
     */
    CompletableFuture<Sent> submit(
            AuthenticatedUser sender, long conversationId, String rawBody, String clientMsgId, Long replyTo) {
        CompletableFuture<Sent> stored;
        try {
            stored = store(sender, conversationId, rawBody, clientMsgId, replyTo);
        } catch (RuntimeException e) {
            stored = CompletableFuture.failedFuture(e);
        }
        return stored.whenComplete((sent, error) -> meters.sent(outcome(sent, error)));
    }

    private static String outcome(Sent sent, Throwable error) {
        if (error == null) {
            return sent.created() ? "created" : "duplicate";
        }
        if (EventLog.failure(error) instanceof ApiException e) {
            return e.status().value() == 429 ? "rate_limited" : "refused";
        }
        return "failed";
    }

    private CompletableFuture<Sent> store(
            AuthenticatedUser sender, long conversationId, String rawBody, String clientMsgId, Long replyTo) {
        String body = validBody(rawBody);
        String key = validClientId(clientMsgId);
        throttle.acquire(sender.id());
        // The writer stores this send together with the others waiting (SendGroup).
        CompletableFuture<Sent> written = log.submit(
                sends,
                new SendGroup.Draft(
                        new Sender(sender.id(), sender.username(), sender.displayName()),
                        conversationId,
                        body,
                        key,
                        null,
                        replyTo));
        if (key == null) {
            return written;
        }
        // Another node stored the same client id between our lookup and our insert: its message
        // is the answer. Looked up on a virtual thread, never on the writer's.
        return written.exceptionallyCompose(
                error -> EventLog.failure(error) instanceof DataAccessException e && UniqueViolation.is(e)
                        ? CompletableFuture.supplyAsync(() -> earlier(sender, conversationId, key), Blocking.executor())
                        : CompletableFuture.failedFuture(error));
    }

    private Sent earlier(AuthenticatedUser sender, long conversationId, String key) {
        Message earlier = store.findByClientId(sender.id(), key).orElseThrow();
        if (earlier.conversationId() != conversationId) {
            throw reused();
        }
        return new Sent(earlier, false);
    }

    /**
     * Sends a message carrying an attachment inside the caller's write, so whatever made the
     * attachment (a finished upload) commits together with its message or not at all. The body
     * is the file's name, so a client that does not know attachments still shows something. The
     * client id makes it idempotent: a second call with the same id returns the first message.
     */
    public Message sendAttachment(
            WriteTx tx, long senderId, long conversationId, Attachment attachment, UUID clientMsgId) {
        Sender sender = tx.jdbc()
                .sql("SELECT id, username, display_name FROM users WHERE id = ?")
                .param(senderId)
                .query((rs, n) -> new Sender(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .single();
        EventLog.Outcome<Sent> outcome = sends.run(
                        tx,
                        List.of(new SendGroup.Draft(
                                sender, conversationId, attachment.name(), clientMsgId.toString(), attachment, null)))
                .getFirst();
        if (outcome.error() != null) {
            throw outcome.error();
        }
        return outcome.value().message();
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
    static ApiException reused() {
        return ApiException.conflict("client_msg_id_reused", "This clientMsgId was used for another conversation");
    }

    /** A message as the conversation list shows it: one line, at most PREVIEW_CHARS code points. */
    static String preview(String body) {
        String oneLine = body.replaceAll("\\s+", " ");
        return oneLine.codePointCount(0, oneLine.length()) <= PREVIEW_CHARS
                ? oneLine
                : oneLine.substring(0, oneLine.offsetByCodePoints(0, PREVIEW_CHARS)) + "…";
    }
}
