package org.tidings.stream;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;
import org.tidings.storage.Blocking;
import org.tidings.web.ApiException;
import reactor.core.publisher.Mono;

/** Short and long polling: {@code GET /api/events?after=&wait=}. */
@RestController
class PollController {

    private final EventFeed feed;
    private final StreamSettings settings;

    PollController(EventFeed feed, StreamSettings settings) {
        this.feed = feed;
        this.settings = settings;
    }

    @GetMapping("/api/events")
    Mono<ResponseEntity<byte[]>> poll(
            @AuthenticationPrincipal AuthenticatedUser me,
            @RequestParam(required = false) String after,
            @RequestParam(required = false, defaultValue = "0") int wait) {
        if (wait < 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "invalid_parameter", "wait must be 0-60 seconds");
        }
        Duration waitFor = Duration.ofSeconds(wait).compareTo(settings.longPollMaxWait()) > 0
                ? settings.longPollMaxWait()
                : Duration.ofSeconds(wait);
        return feed.start(after)
                .flatMap(position -> feed.poll(me.id(), position, waitFor))
                .map(batch -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .header("Cache-Control", "no-store")
                        .body(encode(batch)));
    }

    /** The current position, to start a stream from after reading a snapshot. */
    @GetMapping("/api/events/cursor")
    Mono<Map<String, String>> cursor(@AuthenticationPrincipal AuthenticatedUser me) {
        return Blocking.call(() -> Map.of("cursor", feed.cursor(feed.now())));
    }

    /** Frames are already JSON: the response is assembled around them, not re-serialised. */
    private static byte[] encode(EventFeed.Batch batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes("{\"events\":[".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < batch.frames().size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(batch.frames().get(i).json());
        }
        out.writeBytes(("],\"cursor\":\"" + batch.cursor() + "\"}").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
