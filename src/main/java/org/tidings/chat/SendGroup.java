package org.tidings.chat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.tidings.social.Conversations;
import org.tidings.social.Conversations.LastMessage;
import org.tidings.social.Conversations.MemberKey;
import org.tidings.social.Conversations.SendRight;
import org.tidings.stream.EventLog;
import org.tidings.stream.EventLog.Outcome;
import org.tidings.stream.WriteTx;
import org.tidings.web.ApiException;

/**
 * The sends of one writer batch, stored together: one query finds the retries, one checks every
 * sender's right to post, one multi-row insert stores the messages (with their reply and
 * mentions), and each conversation's last seq and each sender's read pointer move once. The
 * result is what sending them one at a time, in order, would give: a retry returns its original
 * (even one stored earlier in the same batch), a refused send (not a member, blocked, a reply to
 * a message that is not there) fails alone, and the others commit.
 */
@Component
class SendGroup implements EventLog.Group<SendGroup.Draft, Messages.Sent> {

    /** One send, validated, waiting for the writer. {@code replyTo} is a message id or null. */
    record Draft(
            Sender sender, long conversationId, String body, String clientMsgId, Attachment attachment, Long replyTo) {

        MessageStore.ClientKey clientKey() {
            return clientMsgId == null ? null : new MessageStore.ClientKey(sender.id(), clientMsgId);
        }

        MemberKey member() {
            return new MemberKey(conversationId, sender.id());
        }
    }

    /** A send accepted for storing: its row, and the reply and mentions its message carries. */
    private record Accepted(MessageStore.MessageRow row, Message.ReplyRef reply, Mentions.Resolved mentions) {}

    private final Conversations conversations;
    private final MessageStore store;
    private final SendExtras extras;

    SendGroup(Conversations conversations, MessageStore store, SendExtras extras) {
        this.conversations = conversations;
        this.store = store;
        this.extras = extras;
    }

    @Override
    public List<Outcome<Messages.Sent>> run(WriteTx tx, List<Draft> drafts) {
        List<MessageStore.ClientKey> keys = new ArrayList<>();
        List<MemberKey> members = new ArrayList<>(drafts.size());
        for (Draft draft : drafts) {
            if (draft.clientKey() != null) {
                keys.add(draft.clientKey());
            }
            members.add(draft.member());
        }
        // Another node storing the same client id at the same moment fails the insert on the
        // unique constraint; the writer then reruns the sends one by one and Messages handles it.
        // Both reads (and the head's lock) in one round trip on PostgreSQL.
        Map<MessageStore.ClientKey, Message> earlier = new HashMap<>();
        Conversations.SendRights sendRights = conversations.sendRights(tx, members);
        tx.readTogether(
                keys.isEmpty()
                        ? List.of(sendRights.read())
                        : List.of(store.byClientIds(tx, keys, earlier), sendRights.read()));
        Map<MemberKey, SendRight> rights = sendRights.answers();

        List<Outcome<Messages.Sent>> outcomes = new ArrayList<>(drafts.size());
        List<Accepted> accepted = new ArrayList<>();
        int[] rowOf = new int[drafts.size()];
        Map<MessageStore.ClientKey, Integer> storedHere = new HashMap<>();
        Map<Long, Long> lastSeqs = new HashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            Draft draft = drafts.get(i);
            rowOf[i] = -1;
            MessageStore.ClientKey key = draft.clientKey();
            if (key != null && earlier.containsKey(key)) {
                outcomes.add(retry(earlier.get(key), draft.conversationId()));
                continue;
            }
            if (key != null && storedHere.containsKey(key)) {
                // Resolved below, once the original has its id.
                outcomes.add(null);
                continue;
            }
            // Checks membership first (404), then blocks and friendship (403), then the reply
            // (400, or 409 if deleted): all before anything of this send is written.
            SendRight right = rights.get(draft.member());
            if (right.refused() != null) {
                outcomes.add(Outcome.failed(right.refused()));
                continue;
            }
            Message.ReplyRef reply;
            try {
                reply = draft.replyTo() == null ? null : extras.replyRef(tx, draft.conversationId(), draft.replyTo());
            } catch (ApiException e) {
                outcomes.add(Outcome.failed(e));
                continue;
            }
            Mentions.Resolved mentions =
                    extras.resolve(tx, right.membership(), draft.sender().id(), draft.body(), draft.attachment());
            long seq = lastSeqs.getOrDefault(draft.conversationId(), right.lastSeq()) + 1;
            lastSeqs.put(draft.conversationId(), seq);
            rowOf[i] = accepted.size();
            // sent_at is the transaction's time, which is also the created_at of the event that
            // announces the message: erasure finds that event by it (MessageDeletion).
            accepted.add(new Accepted(
                    new MessageStore.MessageRow(
                            draft.conversationId(),
                            seq,
                            draft.sender().id(),
                            draft.body(),
                            draft.clientMsgId(),
                            draft.attachment(),
                            tx.now(),
                            reply == null ? null : reply.id(),
                            mentions.column(),
                            mentions.everyone()),
                    reply,
                    mentions));
            if (key != null) {
                storedHere.put(key, i);
            }
            outcomes.add(null);
        }
        Messages.Sent[] stored = store(tx, drafts, accepted, rowOf);
        for (int i = 0; i < drafts.size(); i++) {
            if (rowOf[i] >= 0) {
                outcomes.set(i, Outcome.of(stored[rowOf[i]]));
            } else if (outcomes.get(i) == null) {
                Message original = stored[rowOf[storedHere.get(drafts.get(i).clientKey())]].message();
                outcomes.set(i, retry(original, drafts.get(i).conversationId()));
            }
        }
        return outcomes;
    }

    /**
     * Inserts the rows, records whom they notify, emits their events in order, and moves seqs
     * and read pointers once.
     */
    private Messages.Sent[] store(WriteTx tx, List<Draft> drafts, List<Accepted> accepted, int[] rowOf) {
        Messages.Sent[] stored = new Messages.Sent[accepted.size()];
        if (accepted.isEmpty()) {
            return stored;
        }
        Map<Long, LastMessage> lasts = new LinkedHashMap<>();
        // You have read what you wrote: your own message never counts as unread.
        Map<MemberKey, Long> readThrough = new LinkedHashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            if (rowOf[i] >= 0) {
                MessageStore.MessageRow row = accepted.get(rowOf[i]).row();
                lasts.put(row.conversationId(), new LastMessage(row.conversationId(), row.seq(), row.body(), tx.now()));
                readThrough.put(drafts.get(i).member(), row.seq());
            }
        }
        // Only each conversation's last message becomes a preview.
        lasts.replaceAll(
                (id, last) -> new LastMessage(id, last.seq(), Messages.preview(last.preview()), last.sentAt()));
        List<MessageStore.MessageRow> rows =
                accepted.stream().map(Accepted::row).toList();
        long[] ids;
        if (tx.postgres()) {
            // The counts and read pointers ride on the messages' INSERT: one round trip for both.
            ids = store.insertAll(tx, rows, Conversations.sendCounts(tx, lasts.values(), readThrough));
        } else {
            ids = store.insertAll(tx, rows);
            conversations.recordSends(tx, lasts.values(), readThrough);
        }
        Instant sentAt = Instant.ofEpochMilli(tx.now());
        for (int i = 0; i < drafts.size(); i++) {
            if (rowOf[i] < 0) {
                continue;
            }
            Accepted send = accepted.get(rowOf[i]);
            MessageStore.MessageRow row = send.row();
            Draft draft = drafts.get(i);
            long id = ids[rowOf[i]];
            Message message = new Message(
                            id,
                            row.conversationId(),
                            row.seq(),
                            draft.sender(),
                            row.body(),
                            sentAt,
                            row.clientMsgId(),
                            row.attachment())
                    .withReply(send.reply())
                    .withMentions(send.mentions());
            if (!send.mentions().notified().isEmpty()) {
                conversations.recordMentions(
                        tx, row.conversationId(), id, row.seq(), send.mentions().notified());
            }
            stored[rowOf[i]] = new Messages.Sent(
                    message, true, tx.emitToConversationAsJson(row.conversationId(), "message.created", message));
        }
        return stored;
    }

    /** A retry answers with the message its first attempt stored, in the same conversation only. */
    private static Outcome<Messages.Sent> retry(Message original, long conversationId) {
        if (original.conversationId() != conversationId) {
            return Outcome.failed(Messages.reused());
        }
        return Outcome.of(new Messages.Sent(original, false));
    }
}
