package org.tidings.stream;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.tidings.account.AuthenticatedUser;
import tools.jackson.databind.JsonNode;

/**
 * Something a client may send over its WebSocket ({@code {"type": ...}}). Features register
 * their commands as beans; the transport only routes by type and writes the reply frame.
 */
public interface ClientCommand {

    /** The {@code type} this command answers to. */
    String type();

    /**
     * Handles one command on a virtual thread (blocking is fine). Returns the fields of the
     * reply frame ({@code {"type": "ack", ...fields}}), or null for no reply. Throwing an
     * ApiException answers with an error frame instead.
     */
    Map<String, Object> handle(AuthenticatedUser user, JsonNode command);

    /**
     * Starts the command on the connection's event loop if it can do so without blocking, and
     * returns its reply fields to come (failing with an ApiException for an error frame); or
     * returns null, and {@link #handle} runs on a virtual thread instead. A command whose work is
     * a queued write saves the virtual thread and both its hops: the writer completes the future.
     */
    default CompletableFuture<Map<String, Object>> start(AuthenticatedUser user, JsonNode command) {
        return null;
    }
}
