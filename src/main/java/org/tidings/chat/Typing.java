package org.tidings.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.tidings.account.AuthenticatedUser;
import org.tidings.social.Conversations;
import org.tidings.stream.LiveEvents;

/** "Someone is typing": ephemeral, to the other members' live connections, throttled. */
@Component
class Typing {

    private final Conversations conversations;
    private final LiveEvents live;
    private final Cache<String, Boolean> recent;

    Typing(Conversations conversations, LiveEvents live, ChatSettings settings) {
        this.conversations = conversations;
        this.live = live;
        this.recent = Caffeine.newBuilder()
                .expireAfterWrite(settings.typingInterval())
                .maximumSize(100_000)
                .build();
    }

    void started(AuthenticatedUser user, long conversationId) {
        conversations.requireMember(conversationId, user.id());
        if (recent.asMap().putIfAbsent(user.id() + ":" + conversationId, Boolean.TRUE) != null) {
            return;
        }
        List<Long> others = conversations.memberIds(conversationId).stream()
                .filter(id -> id != user.id())
                .toList();
        live.send(
                others,
                "typing",
                Map.of("conversationId", conversationId, "userId", user.id(), "displayName", user.displayName()));
    }
}
