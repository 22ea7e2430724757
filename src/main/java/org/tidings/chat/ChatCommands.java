package org.tidings.chat;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.tidings.account.AuthenticatedUser;
import org.tidings.stream.ClientCommand;
import org.tidings.web.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.util.RawValue;

/** The chat commands a client may send over its WebSocket instead of HTTP. */
@Configuration(proxyBeanMethods = false)
class ChatCommands {

    /**
     * {@code {"type":"send", conversationId, body, clientMsgId, replyTo}} answered by {@code ack}.
     * Started on the event loop when the rate limit is in memory: the writer's commit completes
     * the ack, with no virtual thread waiting for it.
     */
    @Bean
    ClientCommand sendCommand(Messages messages) {
        return new ClientCommand() {
            @Override
            public String type() {
                return "send";
            }

            @Override
            public Map<String, Object> handle(AuthenticatedUser user, JsonNode json) {
                return ack(messages.send(
                        user, conversationId(json), text(json, "body"), text(json, "clientMsgId"), replyTo(json)));
            }

            @Override
            public CompletableFuture<Map<String, Object>> start(AuthenticatedUser user, JsonNode json) {
                if (!messages.submitsWithoutBlocking()) {
                    return null;
                }
                return messages.submit(
                                user,
                                conversationId(json),
                                text(json, "body"),
                                text(json, "clientMsgId"),
                                replyTo(json))
                        .thenApply(ChatCommands::ack);
            }
        };
    }

    private static Map<String, Object> ack(Messages.Sent sent) {
        String clientMsgId = sent.message().clientMsgId();
        // The message as its event has it, already serialised; a retry has no event.
        Object message = sent.json() == null ? sent.message() : new RawValue(sent.json());
        return Map.of("clientMsgId", clientMsgId == null ? "" : clientMsgId, "message", message);
    }

    private static Long replyTo(JsonNode json) {
        return json.path("replyTo").canConvertToLong() ? json.path("replyTo").asLong() : null;
    }

    /** {@code {"type":"typing", conversationId}}: no reply. */
    @Bean
    ClientCommand typingCommand(Typing typing) {
        return command("typing", (user, json) -> {
            typing.started(user, conversationId(json));
            return null;
        });
    }

    private static String text(JsonNode json, String field) {
        return json.hasNonNull(field) ? json.get(field).asString() : null;
    }

    private static long conversationId(JsonNode json) {
        if (!json.path("conversationId").canConvertToLong()) {
            throw ApiException.badRequest("validation_failed", "conversationId is required");
        }
        return json.path("conversationId").asLong();
    }

    private interface Handler {
        Map<String, Object> handle(AuthenticatedUser user, JsonNode json);
    }

    private static ClientCommand command(String type, Handler handler) {
        return new ClientCommand() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Map<String, Object> handle(AuthenticatedUser user, JsonNode command) {
                return handler.handle(user, command);
            }
        };
    }
}
