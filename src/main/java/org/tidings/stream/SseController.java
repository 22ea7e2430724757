package org.tidings.stream;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Server-Sent Events: {@code GET /api/events/stream?after=}. Each persisted event's {@code id:}
 * is its cursor, so the browser's automatic reconnect (with {@code Last-Event-ID}) resumes
 * exactly where it stopped.
 */
@RestController
class SseController {

    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);

    private final EventFeed feed;
    private final Heartbeat heartbeat;
    private final StreamFrames frames;

    SseController(EventFeed feed, Heartbeat heartbeat, StreamFrames frames) {
        this.feed = feed;
        this.heartbeat = heartbeat;
        this.frames = frames;
    }

    @GetMapping("/api/events/stream")
    Mono<Void> stream(
            @AuthenticationPrincipal AuthenticatedUser me,
            @RequestParam(required = false) String after,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            ServerHttpResponse response) {
        // On a reconnect the browser's Last-Event-ID is newer than the url it first opened.
        String cursor = lastEventId != null && !lastEventId.isBlank() ? lastEventId : after;
        return feed.start(cursor).flatMap(position -> {
            response.getHeaders().setContentType(new MediaType(MediaType.TEXT_EVENT_STREAM, StandardCharsets.UTF_8));
            response.getHeaders().set("Cache-Control", "no-store");
            // Tells nginx not to buffer the stream (see docs/deployment.md).
            response.getHeaders().set("X-Accel-Buffering", "no");
            Sinks.Empty<Void> ended = Sinks.empty();
            Flux<byte[]> events = feed.follow(me.id(), position, frames.ready(position), EventLoops.of(response))
                    .map(Frame::sse)
                    .onErrorResume(e -> Mono.just(frames.error(e).sse()))
                    .doFinally(signal -> ended.tryEmitEmpty());
            Flux<byte[]> keepAlive = heartbeat.ticks().map(tick -> KEEP_ALIVE).takeUntilOther(ended.asMono());
            Flux<byte[]> all = Flux.merge(events, keepAlive);
            return response.writeAndFlushWith(all.map(bytes -> Mono.just(wrap(response, bytes))));
        });
    }

    private static DataBuffer wrap(ServerHttpResponse response, byte[] bytes) {
        return response.bufferFactory().wrap(bytes);
    }
}
