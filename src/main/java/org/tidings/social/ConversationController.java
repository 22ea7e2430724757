package org.tidings.social;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;

@RestController
@RequestMapping("/api/conversations")
class ConversationController {

    private final JdbcClient jdbc;
    private final NotificationLevels notificationLevels;

    ConversationController(JdbcClient jdbc, NotificationLevels notificationLevels) {
        this.jdbc = jdbc;
        this.notificationLevels = notificationLevels;
    }

    record NotificationsBody(String notifications) {}

    @GetMapping
    List<ConversationSummary> list(@AuthenticationPrincipal AuthenticatedUser me) {
        return ConversationViews.list(jdbc, me.id());
    }

    @GetMapping("/{id}")
    ConversationDetails details(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        return ConversationViews.requireDetails(jdbc, me.id(), id);
    }

    /** Idempotent: setting the level it has changes nothing and emits nothing. */
    @PutMapping("/{id}/notifications")
    NotificationLevels.Changed notifications(
            @AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id, @RequestBody NotificationsBody body) {
        return notificationLevels.set(me.id(), id, body.notifications());
    }
}
