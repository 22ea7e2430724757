package org.tidings.chat;

import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;
import org.tidings.social.Conversations;

@RestController
class PresenceController {

    private final Presence presence;
    private final Conversations conversations;

    PresenceController(Presence presence, Conversations conversations) {
        this.presence = presence;
        this.conversations = conversations;
    }

    /** The caller's contacts who are online now; later changes arrive as presence.changed. */
    @GetMapping("/api/presence")
    Map<String, List<Long>> online(@AuthenticationPrincipal AuthenticatedUser me) {
        return Map.of("online", presence.onlineAmong(conversations.contactsOf(me.id())));
    }
}
