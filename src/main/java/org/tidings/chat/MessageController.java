package org.tidings.chat;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
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
    private final MessageEdits edits;
    private final MessageDeletion deletion;
    private final Reactions reactions;
    private final ReadReceipts receipts;

    MessageController(
            Messages messages,
            MessageStore store,
            Conversations conversations,
            ReadPointers readPointers,
            Typing typing,
            MessageEdits edits,
            MessageDeletion deletion,
            Reactions reactions,
            ReadReceipts receipts) {
        this.edits = edits;
        this.deletion = deletion;
        this.reactions = reactions;
        this.receipts = receipts;
        this.messages = messages;
        this.store = store;
        this.conversations = conversations;
        this.readPointers = readPointers;
        this.typing = typing;
    }

    record NewMessage(String body, String clientMsgId, Long replyTo) {}

    record Edit(String body) {}

    /** {@code hasMore}: older messages remain; {@code hasNewer} (only with {@code around}): newer ones do. */
    record Page(List<Message> messages, boolean hasMore, Boolean hasNewer) {}

    record Read(@NotNull @PositiveOrZero Long seq) {}

    @PostMapping("/messages")
    ResponseEntity<Message> send(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long conversationId,
            @RequestBody NewMessage body) {
        Messages.Sent sent = messages.send(me, conversationId, body.body(), body.clientMsgId(), body.replyTo());
        // A retry that found its first attempt answers 200 with that message: nothing new.
        return ResponseEntity.status(sent.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(sent.message());
    }

    @GetMapping("/messages")
    Page history(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long conversationId,
            @RequestParam(required = false) Long before,
            @RequestParam(required = false) Long around,
            @RequestParam(required = false, defaultValue = "" + DEFAULT_PAGE) int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.badRequest("invalid_parameter", "limit must be 1-" + MAX_PAGE);
        }
        if (before != null && before < 1) {
            throw ApiException.badRequest("invalid_parameter", "before must be a seq of 1 or more");
        }
        if (around != null && (around < 1 || before != null)) {
            throw ApiException.badRequest("invalid_parameter", "around must be a seq of 1 or more, without before");
        }
        conversations.requireMember(conversationId, me.id());
        if (around != null) {
            return around(me.id(), conversationId, around, limit);
        }
        // One more than asked tells whether older messages remain.
        List<Message> page = store.page(conversationId, before == null ? Long.MAX_VALUE : before, limit + 1);
        boolean hasMore = page.size() > limit;
        return new Page(reactions.withReactions(hasMore ? page.subList(1, page.size()) : page, me.id()), hasMore, null);
    }

    /**
     * The message {@code seq} with about half the page before it and the rest after it; near
     * either end of the history the other side fills the page.
     */
    private Page around(long userId, long conversationId, long seq, int limit) {
        // Oldest first, ending with seq itself.
        List<Message> upTo = store.page(conversationId, seq + 1, limit + 1);
        List<Message> after = store.pageAfter(conversationId, seq, limit);
        int olderAvailable = Math.max(0, upTo.size() - 1);
        int older = Math.min(olderAvailable, Math.max((limit - 1) / 2, limit - 1 - after.size()));
        int newer = Math.min(after.size(), limit - Math.min(upTo.size(), older + 1));
        List<Message> page =
                new java.util.ArrayList<>(upTo.subList(upTo.size() - Math.min(upTo.size(), older + 1), upTo.size()));
        page.addAll(after.subList(0, newer));
        return new Page(reactions.withReactions(page, userId), olderAvailable > older, after.size() > newer);
    }

    @PatchMapping("/messages/{messageId}")
    Message edit(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long conversationId,
            @PathVariable long messageId,
            @RequestBody Edit body) {
        Message edited = edits.edit(me, conversationId, messageId, body.body());
        return reactions.withReactions(List.of(edited), me.id()).getFirst();
    }

    @DeleteMapping("/messages/{messageId}")
    ResponseEntity<Void> delete(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long conversationId,
            @PathVariable long messageId) {
        deletion.delete(me, conversationId, messageId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/messages/{messageId}/versions")
    Map<String, List<MessageEdits.Version>> versions(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long conversationId,
            @PathVariable long messageId) {
        return Map.of("versions", edits.versions(me.id(), conversationId, messageId));
    }

    @PutMapping("/messages/{messageId}/reactions/{emoji}")
    ResponseEntity<Void> react(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long conversationId,
            @PathVariable long messageId,
            @PathVariable String emoji) {
        reactions.add(me, conversationId, messageId, emoji);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/messages/{messageId}/reactions/{emoji}")
    ResponseEntity<Void> unreact(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long conversationId,
            @PathVariable long messageId,
            @PathVariable String emoji) {
        reactions.remove(me, conversationId, messageId, emoji);
        return ResponseEntity.noContent().build();
    }

    /** The other members' read pointers, for "Seen": empty unless both sides share receipts. */
    @GetMapping("/reads")
    Map<String, Object> reads(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long conversationId) {
        return ReadReceipts.view(receipts.othersOf(me.id(), conversationId));
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
