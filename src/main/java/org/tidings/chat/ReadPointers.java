package org.tidings.chat;

import java.util.Map;
import org.springframework.stereotype.Component;
import org.tidings.social.Conversations;
import org.tidings.stream.EventLog;

/**
 * Read pointers only move forward. Each move is a {@code conversation.read} event on the
 * reader's own stream, so their other tabs and devices clear the badge too.
 */
@Component
class ReadPointers {

    record Pointer(long conversationId, long readSeq, long lastSeq, long unread) {}

    private final EventLog log;
    private final Conversations conversations;
    private final ReadReceipts receipts;

    ReadPointers(EventLog log, Conversations conversations, ReadReceipts receipts) {
        this.log = log;
        this.conversations = conversations;
        this.receipts = receipts;
    }

    Pointer advance(long userId, long conversationId, long seq) {
        return log.write(tx -> {
            conversations.requireMember(tx, conversationId, userId);
            boolean moved = conversations.advanceReadPointer(tx, conversationId, userId, seq);
            Conversations.ReadState state = conversations.readState(tx, conversationId, userId);
            Pointer pointer =
                    new Pointer(conversationId, state.readSeq(), state.lastSeq(), state.lastSeq() - state.readSeq());
            if (moved) {
                tx.emitToUser(
                        userId,
                        "conversation.read",
                        Map.of(
                                "conversationId",
                                conversationId,
                                "readSeq",
                                pointer.readSeq(),
                                "unread",
                                pointer.unread()));
                receipts.moved(tx, userId, conversationId, pointer.readSeq());
            }
            return pointer;
        });
    }
}
