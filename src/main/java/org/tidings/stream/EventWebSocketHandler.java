package org.tidings.stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;
import org.tidings.account.AuthenticatedUser;
import org.tidings.storage.Blocking;
import org.tidings.web.ApiException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * WebSocket: {@code /api/events/ws?after=}. One JSON event per text frame out; commands
 * ({@code send}, {@code typing}, ...) in, each answered by its own reply frame. A stream that
 * cannot go on sends a {@code stream.error} frame and closes with a 44xx code.
 */
@Component
class EventWebSocketHandler implements WebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(EventWebSocketHandler.class);

    // Time for a final error frame to leave before the close frame follows it.
    private static final Duration CLOSE_GRACE = Duration.ofMillis(100);

    // Commands larger than this are refused; a chat message is at most 4,000 characters.
    private static final int MAX_COMMAND_CHARS = 32 * 1024;

    private final EventFeed feed;
    private final Heartbeat heartbeat;
    private final StreamFrames frames;
    private final EventJson json;
    private final JsonMapper mapper;
    private final Map<String, ClientCommand> commands;

    EventWebSocketHandler(
            EventFeed feed,
            Heartbeat heartbeat,
            StreamFrames frames,
            EventJson json,
            JsonMapper mapper,
            List<ClientCommand> commands) {
        this.feed = feed;
        this.heartbeat = heartbeat;
        this.frames = frames;
        this.json = json;
        this.mapper = mapper;
        this.commands = commands.stream().collect(Collectors.toMap(ClientCommand::type, Function.identity()));
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        Executor loop = EventLoops.of(session);
        String after = UriComponentsBuilder.fromUri(session.getHandshakeInfo().getUri())
                .build()
                .getQueryParams()
                .getFirst("after");
        return session.getHandshakeInfo()
                .getPrincipal()
                .map(principal -> (AuthenticatedUser) ((Authentication) principal).getPrincipal())
                .flatMap(user ->
                        feed.start(after).flatMap(position -> session.send(outbound(session, user, position, loop))))
                .onErrorResume(error -> sendErrorAndClose(session, error));
    }

    /**
     * Events and command replies, with pings in between. A failed stream (slow consumer, too
     * many connections) sends its error frame and closes with a 44xx code: the close frame says
     * why even when the socket is too backed up for the error frame to get through first.
     */
    private Flux<WebSocketMessage> outbound(
            WebSocketSession session, AuthenticatedUser user, long position, Executor loop) {
        Flux<Frame> events = feed.follow(user.id(), position, frames.ready(position), loop)
                .onErrorResume(error -> Mono.just(frames.error(error))
                        .concatWith(Mono.delay(CLOSE_GRACE)
                                .then(close(session, error))
                                .then(Mono.empty())));
        Flux<Frame> replies = session.receive()
                .filter(message -> message.getType() == WebSocketMessage.Type.TEXT)
                .map(WebSocketMessage::getPayloadAsText)
                .concatMap(text -> reply(user, text));
        Flux<WebSocketMessage> pings =
                heartbeat.ticks().map(tick -> session.pingMessage(factory -> factory.wrap(new byte[0])));
        return Flux.merge(events, replies)
                .map(frame -> new WebSocketMessage(
                        WebSocketMessage.Type.TEXT, session.bufferFactory().wrap(frame.json())))
                .mergeWith(pings);
    }

    /** Runs one client command off the event loop; failures become error frames, not closes. */
    private Mono<Frame> reply(AuthenticatedUser user, String text) {
        return Blocking.call(() -> {
                    Map<String, Object> fields = handle(user, text);
                    return fields == null ? null : json.reply("ack", fields);
                })
                .onErrorResume(ApiException.class, e -> Mono.just(json.reply("error", errorData(e, text))))
                .onErrorResume(e -> {
                    log.error("websocket command failed user={}", user.id(), e);
                    return Mono.just(
                            json.reply("error", Map.of("code", "internal_error", "detail", "The command failed")));
                });
    }

    private Map<String, Object> handle(AuthenticatedUser user, String text) {
        if (text.length() > MAX_COMMAND_CHARS) {
            throw ApiException.badRequest("payload_too_large", "Command too large");
        }
        JsonNode command;
        try {
            command = mapper.readTree(text);
        } catch (JacksonException e) {
            throw ApiException.badRequest("malformed_json", "Commands are JSON objects with a type");
        }
        ClientCommand handler = commands.get(command.path("type").asString(""));
        if (handler == null) {
            throw ApiException.badRequest("unknown_command", "Unknown command type");
        }
        return handler.handle(user, command);
    }

    private Map<String, Object> errorData(ApiException e, String text) {
        String clientMsgId = "";
        try {
            clientMsgId = mapper.readTree(text).path("clientMsgId").asString("");
        } catch (JacksonException ignored) {
            // Not JSON: no id to echo.
        }
        return Map.of(
                "code", e.code(), "status", e.status().value(), "detail", e.getMessage(), "clientMsgId", clientMsgId);
    }

    private Mono<Void> sendErrorAndClose(WebSocketSession session, Throwable error) {
        WebSocketMessage last = new WebSocketMessage(
                WebSocketMessage.Type.TEXT,
                session.bufferFactory().wrap(frames.error(error).json()));
        return session.send(Mono.just(last)).then(close(session, error)).onErrorResume(e -> Mono.empty());
    }

    private static Mono<Void> close(WebSocketSession session, Throwable error) {
        String code = StreamFrames.code(error);
        int status = switch (code) {
            case "invalid_cursor" -> 4400;
            case "cursor_expired" -> 4410;
            case "too_many_connections" -> 4429;
            case "slow_consumer" -> 4408;
            default -> 4500;
        };
        return session.close(new CloseStatus(status, code));
    }
}
