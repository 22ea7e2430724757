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

/**
 * The sends of one writer batch, stored together: one query finds the retries, one checks every
 * sender's right to post, one multi-row insert stores the messages, and each conversation's
 * last seq and each sender's read pointer move once. The result is what sending them one at a
 * time, in order, would give: a retry returns its original (even one stored earlier in the same
 * batch), a refused send fails alone, and the others commit.
 */
@Component
class SendGroup implements EventLog.Group<SendGroup.Draft, Messages.Sent> {

    /** One send, validated, waiting for the writer. */
    record Draft(Sender sender, long conversationId, String body, String clientMsgId, Attachment attachment) {

        MessageStore.ClientKey clientKey() {
            return clientMsgId == null ? null : new MessageStore.ClientKey(sender.id(), clientMsgId);
        }

        MemberKey member() {
            return new MemberKey(conversationId, sender.id());
        }
    }

    // A conversation list shows this much of the last message.
    private static final int PREVIEW_CHARS = 140;

    private final Conversations conversations;
    private final MessageStore store;

    SendGroup(Conversations conversations, MessageStore store) {
        this.conversations = conversations;
        this.store = store;
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
        Map<MessageStore.ClientKey, Message> earlier = store.findByClientIds(tx.jdbc(), keys);
        Map<MemberKey, SendRight> rights = conversations.checkCanSendAll(tx, members);

        List<Outcome<Messages.Sent>> outcomes = new ArrayList<>(drafts.size());
        List<MessageStore.MessageRow> rows = new ArrayList<>();
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
            SendRight right = rights.get(draft.member());
            if (right.refused() != null) {
                outcomes.add(Outcome.failed(right.refused()));
                continue;
            }
            long seq = lastSeqs.getOrDefault(draft.conversationId(), right.lastSeq()) + 1;
            lastSeqs.put(draft.conversationId(), seq);
            rowOf[i] = rows.size();
            rows.add(new MessageStore.MessageRow(
                    draft.conversationId(),
                    seq,
                    draft.sender().id(),
                    draft.body(),
                    draft.clientMsgId(),
                    draft.attachment(),
                    tx.now()));
            if (key != null) {
                storedHere.put(key, i);
            }
            outcomes.add(null);
        }
        Message[] stored = store(tx, drafts, rows, rowOf);
        for (int i = 0; i < drafts.size(); i++) {
            if (rowOf[i] >= 0) {
                outcomes.set(i, Outcome.of(new Messages.Sent(stored[rowOf[i]], true)));
            } else if (outcomes.get(i) == null) {
                Message original = stored[rowOf[storedHere.get(drafts.get(i).clientKey())]];
                outcomes.set(i, retry(original, drafts.get(i).conversationId()));
            }
        }
        return outcomes;
    }

    /** Inserts the rows, emits their events in order, and moves seqs and read pointers once. */
    private Message[] store(WriteTx tx, List<Draft> drafts, List<MessageStore.MessageRow> rows, int[] rowOf) {
        Message[] stored = new Message[rows.size()];
        if (rows.isEmpty()) {
            return stored;
        }
        long[] ids = store.insertAll(tx.jdbc(), rows);
        Map<Long, LastMessage> lasts = new LinkedHashMap<>();
        // You have read what you wrote: your own message never counts as unread.
        Map<MemberKey, Long> readThrough = new LinkedHashMap<>();
        Instant sentAt = Instant.ofEpochMilli(tx.now());
        for (int i = 0; i < drafts.size(); i++) {
            if (rowOf[i] < 0) {
                continue;
            }
            MessageStore.MessageRow row = rows.get(rowOf[i]);
            Draft draft = drafts.get(i);
            Message message = new Message(
                    ids[rowOf[i]],
                    row.conversationId(),
                    row.seq(),
                    draft.sender(),
                    row.body(),
                    sentAt,
                    row.clientMsgId(),
                    row.attachment());
            stored[rowOf[i]] = message;
            tx.emitToConversation(row.conversationId(), "message.created", message);
            lasts.put(row.conversationId(), new LastMessage(row.conversationId(), row.seq(), row.body(), tx.now()));
            readThrough.put(draft.member(), row.seq());
        }
        lasts.replaceAll((id, last) -> new LastMessage(id, last.seq(), preview(last.preview()), last.sentAt()));
        conversations.recordMessages(tx, lasts.values());
        conversations.markReadThroughAll(tx, readThrough);
        return stored;
    }

    /** A retry answers with the message its first attempt stored, in the same conversation only. */
    private static Outcome<Messages.Sent> retry(Message original, long conversationId) {
        if (original.conversationId() != conversationId) {
            return Outcome.failed(Messages.reused());
        }
        return Outcome.of(new Messages.Sent(original, false));
    }

    private static String preview(String body) {
        String oneLine = body.replaceAll("\\s+", " ");
        return oneLine.codePointCount(0, oneLine.length()) <= PREVIEW_CHARS
                ? oneLine
                : oneLine.substring(0, oneLine.offsetByCodePoints(0, PREVIEW_CHARS)) + "…";
    }
}
