package org.tidings.stream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Who is subscribed to each conversation right now, as the writer last saw it. Without it every
 * message to a 1,000-member group would read 1,000 rows inside the write. Only the writer
 * thread touches it, and every subscription change goes through the writer, so it cannot go
 * stale on one node; a failed write clears it, since its changes were rolled back.
 */
final class SubscriberCache {

    // Enough for the active conversations of a large community; older ones are reloaded.
    private static final int MAX_CONVERSATIONS = 10_000;

    private final Map<Long, long[]> byConversation = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, long[]> eldest) {
            return size() > MAX_CONVERSATIONS;
        }
    };

    long[] get(long conversationId, LongFunction<long[]> load) {
        return byConversation.computeIfAbsent(conversationId, load::apply);
    }

    void forget(long conversationId) {
        byConversation.remove(conversationId);
    }

    void clear() {
        byConversation.clear();
    }
}
