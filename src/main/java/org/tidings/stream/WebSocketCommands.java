package org.tidings.stream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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
 * is answered by its own reply frame ({@code ack} or {@code error}). A command is at most
 * {@link #MAX_COMMAND_CHARS} of JSON, parsed on the event loop; its work runs off the loop.
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

    /**
     * Answers one command: a command that can start without blocking ({@link ClientCommand#start})
     * starts here on the event loop {@code loop} and its reply is built back on that loop; any
     * other runs on a virtual thread. Failures become error frames, not closes.
     */
    Mono<Frame> reply(AuthenticatedUser user, String text, Executor loop) {
        JsonNode command;
        ClientCommand handler;
        CompletableFuture<Map<String, Object>> started;
        try {
            command = parse(text);
            handler = handler(command);
            started = handler.start(user, command);
        } catch (RuntimeException e) {
            return Mono.just(failed(user, e, text));
        }
        if (started == null) {
            return Blocking.call(() -> answer(handler.handle(user, command)))
                    .onErrorResume(e -> Mono.just(failed(user, e, text)));
        }
        // Completed by the writer: the frame is built on the loop, where it is written.
        return Mono.create(sink -> started.whenComplete((fields, error) -> execute(loop, () -> {
            try {
                sink.success(error == null ? answer(fields) : failed(user, EventLog.failure(error), text));
            } catch (RuntimeException e) {
                sink.success(failed(user, e, text));
            }
        })));
    }

    private Frame answer(Map<String, Object> fields) {
        return fields == null ? null : json.reply("ack", fields);
    }

    private Frame failed(AuthenticatedUser user, Throwable error, String text) {
        if (error instanceof ApiException e) {
            return json.reply("error", errorData(e, text));
        }
        log.error("websocket command failed user={}", user.id(), error);
        return json.reply("error", Map.of("code", "internal_error", "detail", "The command failed"));
    }

    private static void execute(Executor loop, Runnable work) {
        try {
            loop.execute(work);
        } catch (RejectedExecutionException e) {
            // The server is shutting down with its loops; the connection ends with them.
        }
    }

    private JsonNode parse(String text) {
        if (text.length() > MAX_COMMAND_CHARS) {
            throw ApiException.badRequest("payload_too_large", "Command too large");
        }
        try {
            return mapper.readTree(text);
        } catch (JacksonException e) {
            throw ApiException.badRequest("malformed_json", "Commands are JSON objects with a type");
        }
    }

    private ClientCommand handler(JsonNode command) {
        ClientCommand handler = commands.get(command.path("type").asString(""));
        if (handler == null) {
            throw ApiException.badRequest("unknown_command", "Unknown command type");
        }
        return handler;
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
