package org.tidings.social;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;

/** The public room directory (docs/api.md, "Public rooms"). Leaving is POST /api/groups/{id}/leave. */
@RestController
@RequestMapping("/api/rooms")
class RoomController {

    private static final int DEFAULT_PAGE = 20;

    private final Rooms rooms;

    RoomController(Rooms rooms) {
        this.rooms = rooms;
    }

    @GetMapping
    Rooms.Page list(
            @AuthenticationPrincipal AuthenticatedUser me,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false, defaultValue = "" + DEFAULT_PAGE) int limit) {
        return rooms.list(me.id(), q, cursor, limit);
    }

    @GetMapping("/{id}")
    RoomView preview(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        return rooms.find(me.id(), id);
    }

    @PostMapping("/{id}/join")
    ConversationDetails join(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        return rooms.join(me.id(), id);
    }
}
