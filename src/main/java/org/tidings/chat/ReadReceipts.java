package org.tidings.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tidings.social.Conversations;
import org.tidings.storage.Blocking;
import org.tidings.stream.EventLog;
import org.tidings.stream.WriteTx;
import org.tidings.web.ApiException;
import reactor.core.publisher.Mono;

/**
 * Read receipts: when a member's read pointer moves, the other members get {@code member.read}
 * on their own streams (persisted, so a client that was away still learns it). Only between
 * members who share receipts (as in Element, turning it off hides yours and theirs). Throttled
 * per reader and conversation: someone scrolling fast sends one event per interval, and the
 * latest position follows when the interval ends.
 */
@Component
class ReadReceipts {

    private static final Logger log = LoggerFactory.getLogger(ReadReceipts.class);

    /** What {@code member.read} says. */
    record MemberRead(long conversationId, long userId, long readSeq) {}

    private final EventLog eventLog;
    private final Conversations conversations;
    private final ChatSettings settings;
    // reader:conversation -> the readSeq last announced, while within the interval.
    private final Cache<String, Long> recent;
    private final Set<String> trailing = ConcurrentHashMap.newKeySet();

    ReadReceipts(EventLog eventLog, Conversations conversations, ChatSettings settings) {
        this.eventLog = eventLog;
        this.conversations = conversations;
        this.settings = settings;
        this.recent = Caffeine.newBuilder()
                .expireAfterWrite(settings.readReceiptInterval())
                .maximumSize(100_000)
                .build();
    }

    /** Inside the write that moved the pointer. */
    void moved(WriteTx tx, long userId, long conversationId, long readSeq) {
        String key = userId + ":" + conversationId;
        if (recent.getIfPresent(key) != null) {
            if (trailing.add(key)) {
                Mono.delay(settings.readReceiptInterval())
                        .subscribe(tick -> Blocking.run(() -> flush(key, userId, conversationId))
                                .subscribe());
            }
            return;
        }
        announce(tx, userId, conversationId, readSeq);
        recent.put(key, readSeq);
    }

    /** The other members' read pointers, as this member may see them: none if they do not share. */
    List<Conversations.MemberRead> othersOf(long userId, long conversationId) {
        conversations.requireMember(conversationId, userId);
        List<Conversations.MemberRead> sharing = conversations.sharedReadPointers(conversationId);
        if (sharing.stream().noneMatch(r -> r.userId() == userId)) {
            return List.of();
        }
        return sharing.stream().filter(r -> r.userId() != userId).toList();
    }

    private void flush(String key, long userId, long conversationId) {
        trailing.remove(key);
        try {
            eventLog.write(tx -> {
                long readSeq =
                        conversations.readState(tx, conversationId, userId).readSeq();
                Long announced = recent.getIfPresent(key);
                if (announced == null || announced < readSeq) {
                    announce(tx, userId, conversationId, readSeq);
                    recent.put(key, readSeq);
                }
                return null;
            });
        } catch (ApiException e) {
            // Left the conversation meanwhile, or the server is stopping: nothing to announce.
            log.debug("read receipt not sent user={} conversation={} code={}", userId, conversationId, e.code());
        }
    }

    private void announce(WriteTx tx, long userId, long conversationId, long readSeq) {
        List<Long> sharing = conversations.membersSharingReceipts(tx, conversationId);
        if (!sharing.contains(userId)) {
            return;
        }
        MemberRead event = new MemberRead(conversationId, userId, readSeq);
        for (long other : sharing) {
            if (other != userId) {
                tx.emitToUser(other, "member.read", event);
            }
        }
    }

    static Map<String, Object> view(List<Conversations.MemberRead> reads) {
        return Map.of("reads", reads);
    }
}
