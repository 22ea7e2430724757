package org.tidings.chat;

import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.tidings.account.AuthenticatedUser;
import org.tidings.audit.AuditLog;
import org.tidings.social.Conversations;
import org.tidings.social.Membership;
import org.tidings.storage.Erasure;
import org.tidings.stream.EventLog;
import org.tidings.stream.StoredEvents;
import org.tidings.stream.WriteTx;
import org.tidings.web.ApiException;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deleting erases: the message becomes a tombstone that keeps its seq, and its text is removed
 * from everywhere it was stored (the row, its versions, the events that carried it, the
 * previews of replies to it, the conversation list's preview), its attachment's bytes once no
 * message refers to them, and then the database files (see {@link Erasure}).
 */
@Component
class MessageDeletion {

    /** What {@code message.deleted} says. */
    record Deleted(long conversationId, long id, long seq, long deletedBy) {}

    /** A rewritten {@code message.updated}: the version happened, what it said is gone. */
    record ErasedUpdate(long conversationId, long id, long seq, int version, boolean deleted) {}

    private record Outcome(boolean deleted, Long releasedFile) {}

    private final EventLog log;
    private final Conversations conversations;
    private final MessageStore store;
    private final StoredEvents events;
    private final Erasure erasure;
    private final ApplicationEventPublisher publisher;
    private final AuditLog audit;

    MessageDeletion(
            EventLog log,
            Conversations conversations,
            MessageStore store,
            StoredEvents events,
            Erasure erasure,
            ApplicationEventPublisher publisher,
            AuditLog audit) {
        this.log = log;
        this.conversations = conversations;
        this.store = store;
        this.events = events;
        this.erasure = erasure;
        this.publisher = publisher;
        this.audit = audit;
    }

    /** Idempotent: deleting a tombstone again changes nothing and emits nothing. */
    void delete(AuthenticatedUser me, long conversationId, long messageId) {
        deleteChecked(conversationId, messageId, me.id(), (tx, message) -> {
            Membership membership = conversations.requireMember(tx, conversationId, me.id());
            boolean moderator = "group".equals(membership.kind()) && !"member".equals(membership.role());
            if (message.sender().id() != me.id() && !moderator) {
                throw ApiException.forbidden("forbidden", "Only the sender or a group's owner or admins may delete");
            }
            // A group's owner or admin deleting someone else's message is a moderator action.
            return message.sender().id() == me.id() ? null : "group moderator";
        });
    }

    /**
     * An administrator acting on a report: no membership needed. Recorded in the audit log with
     * the reason, in the same transaction.
     */
    void deleteAsAdministrator(long adminId, long conversationId, long messageId, String reason) {
        deleteChecked(conversationId, messageId, adminId, (tx, message) -> reason == null ? "" : reason);
    }

    /**
     * Part of erasing a whole account or applying retention: the caller records one audit entry
     * for the whole job, not one per message.
     */
    void erase(long actorId, long conversationId, long messageId) {
        deleteChecked(conversationId, messageId, actorId, (tx, message) -> null);
    }

    /**
     * {@code authorize} throws if the actor may not delete the message, else answers null for an
     * author deleting their own message or the reason to record in the audit log.
     */
    private void deleteChecked(
            long conversationId,
            long messageId,
            long actorId,
            java.util.function.BiFunction<WriteTx, Message, String> authorize) {
        Outcome outcome = log.write(tx -> {
            Message message = store.find(tx.jdbc(), conversationId, messageId)
                    .orElseThrow(() -> ApiException.notFound("Message"));
            String auditReason = authorize.apply(tx, message);
            if (message.deleted()) {
                return new Outcome(false, null);
            }
            if (auditReason != null) {
                audit.record(
                        tx.jdbc(),
                        new AuditLog.Action(
                                actorId,
                                "message.delete",
                                "message",
                                messageId,
                                auditReason.isEmpty() ? null : auditReason));
            }
            return new Outcome(true, erase(tx, message, actorId));
        });
        if (!outcome.deleted()) {
            return;
        }
        if (outcome.releasedFile() != null) {
            publisher.publishEvent(new AttachmentReleased(outcome.releasedFile()));
        }
        erasure.flush();
    }

    /** Returns the attachment's file id if no message refers to it any more. */
    private Long erase(WriteTx tx, Message message, long deletedBy) {
        List<Long> updatePositions = tx.jdbc()
                .sql("SELECT event_position FROM message_versions WHERE message_id = ? AND event_position IS NOT NULL")
                .param(message.id())
                .query(Long.class)
                .list();
        tx.jdbc().sql("""
                        UPDATE messages SET body = '', deleted_at = ?, edited_at = NULL, reply_to_id = NULL,
                            mentions = NULL, mentions_everyone = FALSE, attachment_id = NULL, attachment_name = NULL,
                            attachment_size = NULL, attachment_type = NULL, attachment_thumb_width = NULL,
                            attachment_thumb_height = NULL
                        WHERE id = ?""").params(tx.now(), message.id()).update();
        tx.jdbc()
                .sql("DELETE FROM message_versions WHERE message_id = ?")
                .param(message.id())
                .update();
        tx.jdbc()
                .sql("DELETE FROM message_reactions WHERE message_id = ?")
                .param(message.id())
                .update();
        conversations.forgetMentions(tx, message.id());
        rewriteEvents(tx, message, updatePositions);
        Optional<Message> latest = store.latestShown(tx.jdbc(), message.conversationId());
        if (latest.map(m -> m.seq() < message.seq()).orElse(true)) {
            conversations.replacePreview(
                    tx,
                    message.conversationId(),
                    latest.map(m -> Messages.preview(m.body())).orElse(null));
        }
        tx.emitToConversation(
                message.conversationId(),
                "message.deleted",
                new Deleted(message.conversationId(), message.id(), message.seq(), deletedBy));
        Attachment attachment = message.attachment();
        if (attachment == null) {
            return null;
        }
        long stillUsing = tx.jdbc()
                .sql("SELECT COUNT(*) FROM messages WHERE attachment_id = ?")
                .param(attachment.fileId())
                .query(Long.class)
                .single();
        return stillUsing == 0 ? attachment.fileId() : null;
    }

    /**
     * A client replaying from an old cursor must get the tombstone, not the text: the events
     * that carried it (its message.created, its message.updated) and the reply previews quoting
     * it are rewritten in place.
     */
    private void rewriteEvents(WriteTx tx, Message message, List<Long> updatePositions) {
        createdEvent(tx, message).ifPresent(position -> events.replace(tx, position, message.tombstone()));
        for (long position : updatePositions) {
            events.at(tx, position)
                    .ifPresent(stored -> events.replace(
                            tx,
                            position,
                            new ErasedUpdate(
                                    message.conversationId(),
                                    message.id(),
                                    message.seq(),
                                    stored.data().path("version").asInt(),
                                    true)));
        }
        Message.ReplyRef erased = new Message.ReplyRef(message.id(), message.seq(), message.sender(), null, true);
        for (Message reply : store.repliesTo(tx.jdbc(), message.id())) {
            for (StoredEvents.Stored stored : events.committedAt(
                    tx,
                    reply.conversationId(),
                    "message.created",
                    reply.sentAt().toEpochMilli())) {
                if (stored.data().path("id").asLong() == reply.id() && stored.data() instanceof ObjectNode data) {
                    data.putPOJO("replyTo", erased);
                    events.replace(tx, stored.position(), data);
                }
            }
        }
    }

    /** The position of the message.created that announced it, unless retention pruned it. */
    private Optional<Long> createdEvent(WriteTx tx, Message message) {
        return events
                .committedAt(
                        tx,
                        message.conversationId(),
                        "message.created",
                        message.sentAt().toEpochMilli())
                .stream()
                .filter(stored -> stored.data().path("id").asLong() == message.id())
                .map(StoredEvents.Stored::position)
                .findFirst();
    }
}
