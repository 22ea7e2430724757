package org.tidings.chat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;
import org.tidings.account.AuthenticatedUser;
import org.tidings.social.Conversations;
import org.tidings.stream.EventLog;
import org.tidings.stream.WriteTx;
import org.tidings.web.ApiException;

/**
 * Editing: the sender replaces the body; every version stays readable to members (as Zulip's
 * edit history) until the message is deleted. The change goes out as {@code message.updated}.
 */
@Component
class MessageEdits {

    /** What {@code message.updated} says: the new version, nothing per reader. */
    record Updated(
            long conversationId,
            long id,
            long seq,
            String body,
            Instant editedAt,
            int version,
            List<Long> mentions,
            Boolean mentionsEveryone) {}

    /** One version of a message, oldest first; version 1 is what was sent. */
    record Version(int version, String body, Instant at) {}

    private final EventLog log;
    private final Conversations conversations;
    private final MessageStore store;
    private final Messages messages;
    private final SendExtras extras;
    private final SendThrottle throttle;
    private final ChatSettings settings;

    MessageEdits(
            EventLog log,
            Conversations conversations,
            MessageStore store,
            Messages messages,
            SendExtras extras,
            SendThrottle throttle,
            ChatSettings settings) {
        this.log = log;
        this.conversations = conversations;
        this.store = store;
        this.messages = messages;
        this.extras = extras;
        this.throttle = throttle;
        this.settings = settings;
    }

    Message edit(AuthenticatedUser me, long conversationId, long messageId, String rawBody) {
        String body = messages.validBody(rawBody);
        // An edit reaches every member like a send does, so it spends from the same bucket.
        throttle.acquire(me.id());
        return log.write(tx -> {
            Message message = ownMessage(tx, me, conversationId, messageId);
            if (message.attachment() != null) {
                throw ApiException.badRequest("not_editable", "An attachment's message cannot be edited");
            }
            Duration window = settings.editWindow();
            if (window != null && tx.now() - message.sentAt().toEpochMilli() > window.toMillis()) {
                throw ApiException.forbidden("edit_window_passed", "Messages can be edited for " + window);
            }
            if (body.equals(message.body())) {
                return message;
            }
            return replaceBody(tx, message, body);
        });
    }

    /** The versions, oldest first; a message never edited has one. 404 for a deleted message. */
    List<Version> versions(long userId, long conversationId, long messageId) {
        conversations.requireMember(conversationId, userId);
        Message message = store.find(store.jdbc(), conversationId, messageId)
                .filter(m -> !m.deleted())
                .orElseThrow(() -> ApiException.notFound("Message"));
        List<Version> versions = store.jdbc()
                .sql("SELECT version, body, created_at FROM message_versions WHERE message_id = ? ORDER BY version")
                .param(messageId)
                .query((rs, n) -> new Version(rs.getInt(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))))
                .list();
        return versions.isEmpty() ? List.of(new Version(1, message.body(), message.sentAt())) : versions;
    }

    /** 404 unless a member and the message exists; 403 unless yours (or you may not send); 409 if deleted. */
    private Message ownMessage(WriteTx tx, AuthenticatedUser me, long conversationId, long messageId) {
        conversations.requireMember(tx, conversationId, me.id());
        Message message =
                store.find(tx.jdbc(), conversationId, messageId).orElseThrow(() -> ApiException.notFound("Message"));
        if (message.sender().id() != me.id()) {
            throw ApiException.forbidden("forbidden", "Only the sender may edit a message");
        }
        if (message.deleted()) {
            throw SendExtras.messageDeleted();
        }
        // Blocked, or no longer friends: you cannot send there, so you cannot rewrite either.
        conversations.checkCanSend(tx, conversationId, me.id());
        return message;
    }

    private Message replaceBody(WriteTx tx, Message message, String body) {
        int last = tx.jdbc()
                .sql("SELECT COALESCE(MAX(version), 0) FROM message_versions WHERE message_id = ?")
                .param(message.id())
                .query(Integer.class)
                .single();
        if (last == 0) {
            insertVersion(tx, message.id(), 1, message.body(), message.sentAt().toEpochMilli());
            last = 1;
        }
        int version = last + 1;
        insertVersion(tx, message.id(), version, body, tx.now());
        Message edited = new Message(
                message.id(),
                message.conversationId(),
                message.seq(),
                message.sender(),
                body,
                message.sentAt(),
                message.clientMsgId(),
                null,
                Instant.ofEpochMilli(tx.now()),
                false,
                message.replyTo(),
                List.of(),
                null,
                List.of());
        Mentions.Resolved mentions = extras.resolve(tx, edited);
        tx.jdbc()
                .sql("UPDATE messages SET body = ?, edited_at = ?, mentions = ?, mentions_everyone = ? WHERE id = ?")
                .params(body, tx.now(), mentions.column(), mentions.everyone(), message.id())
                .update();
        conversations.forgetMentions(tx, message.id());
        conversations.recordMentions(tx, message.conversationId(), message.id(), message.seq(), mentions.notified());
        store.latestShown(tx.jdbc(), message.conversationId())
                .filter(latest -> latest.id() == message.id())
                .ifPresent(
                        latest -> conversations.replacePreview(tx, message.conversationId(), Messages.preview(body)));
        edited = edited.withMentions(mentions);
        long position = tx.emitToConversation(
                message.conversationId(),
                "message.updated",
                new Updated(
                        message.conversationId(),
                        message.id(),
                        message.seq(),
                        body,
                        edited.editedAt(),
                        version,
                        edited.mentions(),
                        edited.mentionsEveryone()));
        tx.jdbc()
                .sql("UPDATE message_versions SET event_position = ? WHERE message_id = ? AND version = ?")
                .params(position, message.id(), version)
                .update();
        return edited;
    }

    private static void insertVersion(WriteTx tx, long messageId, int version, String body, long at) {
        tx.jdbc()
                .sql("INSERT INTO message_versions (message_id, version, body, created_at) VALUES (?, ?, ?, ?)")
                .params(messageId, version, body, at)
                .update();
    }
}
