package org.tidings.chat;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;
import org.tidings.social.Conversations;
import org.tidings.web.ApiException;

@RestController
@RequestMapping("/api/conversations/{conversationId}")
class MessageController {

    // A page of history is at most this long: enough to fill a tall screen twice.
    private static final int MAX_PAGE = 200;
    private static final int DEFAULT_PAGE = 50;

    private final Messages messages;
    private final MessageStore store;
    private final Conversations conversations;
    private final ReadPointers readPointers;
    private final Typing typing;

    MessageController(
            Messages messages,
            MessageStore store,
            Conversations conversations,
            ReadPointers readPointers,
            Typing typing) {
        this.messages = messages;
        this.store = store;
        this.conversations = conversations;
        this.readPointers = readPointers;
        this.typing = typing;
    }

    record NewMessage(String body, String clientMsgId) {}

    record Page(List<Message> messages, boolean hasMore) {}

    record Read(@NotNull @PositiveOrZero Long seq) {}

    @PostMapping("/messages")
    ResponseEntity<Message> send(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long conversationId,
            @RequestBody NewMessage body) {
        Messages.Sent sent = messages.send(me, conversationId, body.body(), body.clientMsgId());
        // A retry that found its first attempt answers 200 with that message: nothing new.
        return ResponseEntity.status(sent.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(sent.message());
    }

    @GetMapping("/messages")
    Page history(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long conversationId,
            @RequestParam(required = false) Long before,
            @RequestParam(required = false, defaultValue = "" + DEFAULT_PAGE) int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.badRequest("invalid_parameter", "limit must be 1-" + MAX_PAGE);
        }
        if (before != null && before < 1) {
            throw ApiException.badRequest("invalid_parameter", "before must be a seq of 1 or more");
        }
        conversations.requireMember(conversationId, me.id());
        // One more than asked tells whether older messages remain.
        List<Message> page = store.page(conversationId, before == null ? Long.MAX_VALUE : before, limit + 1);
        boolean hasMore = page.size() > limit;
        return new Page(hasMore ? page.subList(1, page.size()) : page, hasMore);
    }

    @PostMapping("/read")
    ReadPointers.Pointer read(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long conversationId,
            @Valid @RequestBody Read body) {
        return readPointers.advance(me.id(), conversationId, body.seq());
    }

    @PostMapping("/typing")
    ResponseEntity<Void> typing(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long conversationId) {
        typing.started(me, conversationId);
        return ResponseEntity.noContent().build();
    }
}
