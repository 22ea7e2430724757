package org.tidings.stream;

import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;
import org.tidings.storage.Blocking;
import reactor.core.publisher.Mono;

/** The stream's current cursor. The polls themselves are answered before WebFlux, by {@link PollRoute}. */
@RestController
class PollController {

    private final EventFeed feed;

    PollController(EventFeed feed) {
        this.feed = feed;
    }

    /** The current position, to start a stream from after reading a snapshot. */
    @GetMapping("/api/events/cursor")
    Mono<Map<String, String>> cursor(@AuthenticationPrincipal AuthenticatedUser me) {
        return Blocking.call(() -> Map.of("cursor", feed.cursor(feed.now())));
    }
}
