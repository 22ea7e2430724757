package org.tidings.stream;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tidings.account.AuthenticatedUser;
import org.tidings.storage.Blocking;
import org.tidings.web.ApiException;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a client may send over its WebSocket ({@code send}, {@code typing}, ...): each command
 * runs off the event loop and is answered by its own reply frame ({@code ack} or {@code error}).
 */
@Component
class WebSocketCommands {

    private static final Logger log = LoggerFactory.getLogger(WebSocketCommands.class);

    // Commands larger than this are refused; a chat message is at most 4,000 characters.
    private static final int MAX_COMMAND_CHARS = 32 * 1024;

    private final EventJson json;
    private final JsonMapper mapper;
    private final Map<String, ClientCommand> commands;

    WebSocketCommands(EventJson json, JsonMapper mapper, List<ClientCommand> commands) {
        this.json = json;
        this.mapper = mapper;
        this.commands = commands.stream().collect(Collectors.toMap(ClientCommand::type, Function.identity()));
    }

    /** Runs one command on a virtual thread; failures become error frames, not closes. */
    Mono<Frame> reply(AuthenticatedUser user, String text) {
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
}
