package org.tidings.chat;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tidings.account.AuthenticatedUser;
import org.tidings.cluster.RateLimits;
import org.tidings.social.Conversations;
import org.tidings.stream.EventLog;
import org.tidings.stream.WriteTx;
import org.tidings.web.ApiException;
import org.tidings.web.RateLimitRefusals;

/**
 * Emoji reactions. Events carry who reacted ({@code userId}), never {@code me}: one serialised
 * event goes to every member, and each client knows who it is. Adding what is already there, or
 * removing what is not, changes nothing and emits nothing.
 */
@Component
class Reactions {

    // Slack's limit is 50, Zulip's none; 20 keeps a message's bar on one or two lines.
    static final int MAX_DISTINCT = 20;

    /** What {@code reaction.added} and {@code reaction.removed} say. */
    record Changed(long conversationId, long messageId, long seq, String emoji, long userId) {}

    private record Row(long messageId, String emoji, long userId) {}

    private final EventLog log;
    private final Conversations conversations;
    private final MessageStore store;
    private final RateLimits limits;
    private final RateLimitRefusals refusals;
    private final BucketConfiguration bucket;

    Reactions(
            EventLog log,
            Conversations conversations,
            MessageStore store,
            RateLimits limits,
            ChatSettings settings,
            RateLimitRefusals refusals) {
        this.refusals = refusals;
        this.log = log;
        this.conversations = conversations;
        this.store = store;
        this.limits = limits;
        this.bucket = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(settings.reactionBurst())
                        .refillGreedy(settings.reactionRefillPerSecond(), Duration.ofSeconds(1))
                        .build())
                .build();
    }

    void add(AuthenticatedUser me, long conversationId, long messageId, String rawEmoji) {
        String emoji = Emoji.require(rawEmoji);
        acquire(me.id());
        log.write(tx -> {
            // Reacting speaks in the conversation: blocked or unfriended people cannot.
            conversations.checkCanSend(tx, conversationId, me.id());
            Message message = liveMessage(tx, conversationId, messageId);
            List<String> present = tx.jdbc()
                    .sql("SELECT DISTINCT emoji FROM message_reactions WHERE message_id = ?")
                    .param(messageId)
                    .query(String.class)
                    .list();
            if (mine(tx.jdbc(), messageId, emoji, me.id())) {
                return null;
            }
            if (!present.contains(emoji) && present.size() >= MAX_DISTINCT) {
                throw ApiException.conflict(
                        "too_many_reactions", "A message can carry at most " + MAX_DISTINCT + " different emoji");
            }
            tx.jdbc()
                    .sql("INSERT INTO message_reactions (message_id, emoji, user_id, created_at) VALUES (?, ?, ?, ?)")
                    .params(messageId, emoji, me.id(), tx.now())
                    .update();
            tx.emitToConversation(
                    conversationId,
                    "reaction.added",
                    new Changed(conversationId, messageId, message.seq(), emoji, me.id()));
            return null;
        });
    }

    void remove(AuthenticatedUser me, long conversationId, long messageId, String rawEmoji) {
        String emoji = Emoji.require(rawEmoji);
        acquire(me.id());
        log.write(tx -> {
            conversations.requireMember(tx, conversationId, me.id());
            Message message = liveMessage(tx, conversationId, messageId);
            int removed = tx.jdbc()
                    .sql("DELETE FROM message_reactions WHERE message_id = ? AND emoji = ? AND user_id = ?")
                    .params(messageId, emoji, me.id())
                    .update();
            if (removed > 0) {
                tx.emitToConversation(
                        conversationId,
                        "reaction.removed",
                        new Changed(conversationId, messageId, message.seq(), emoji, me.id()));
            }
            return null;
        });
    }

    /** The messages with their reactions as {@code viewerId} sees them (one query per page). */
    List<Message> withReactions(List<Message> messages, long viewerId) {
        List<Long> ids =
                messages.stream().filter(m -> !m.deleted()).map(Message::id).toList();
        if (ids.isEmpty()) {
            return messages;
        }
        String in = ids.stream().map(String::valueOf).collect(Collectors.joining(","));
        Map<Long, List<Row>> byMessage = store
                .jdbc()
                .sql("SELECT message_id, emoji, user_id FROM message_reactions WHERE message_id IN (" + in
                        + ") ORDER BY message_id, created_at, user_id")
                .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getLong(3)))
                .list()
                .stream()
                .collect(Collectors.groupingBy(Row::messageId));
        return messages.stream()
                .map(m -> byMessage.containsKey(m.id()) ? m.withReactions(summary(byMessage.get(m.id()), viewerId)) : m)
                .toList();
    }

    private static List<Message.Reaction> summary(List<Row> rows, long viewerId) {
        // Emoji in the order first used, users in the order they reacted.
        Map<String, List<Long>> users = new LinkedHashMap<>();
        rows.forEach(row ->
                users.computeIfAbsent(row.emoji(), e -> new ArrayList<>()).add(row.userId()));
        List<Message.Reaction> reactions = new ArrayList<>();
        users.forEach((emoji, ids) ->
                reactions.add(new Message.Reaction(emoji, ids.size(), ids.contains(viewerId), List.copyOf(ids))));
        return reactions;
    }

    private Message liveMessage(WriteTx tx, long conversationId, long messageId) {
        Message message =
                store.find(tx.jdbc(), conversationId, messageId).orElseThrow(() -> ApiException.notFound("Message"));
        if (message.deleted()) {
            throw SendExtras.messageDeleted();
        }
        return message;
    }

    private static boolean mine(JdbcClient db, long messageId, String emoji, long userId) {
        return db.sql("SELECT 1 FROM message_reactions WHERE message_id = ? AND emoji = ? AND user_id = ?")
                .params(messageId, emoji, userId)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    private void acquire(long userId) {
        var probe = limits.tryConsume("react:" + userId, bucket);
        if (!probe.isConsumed()) {
            throw refusals.refuse(
                    "react", "Reacting too fast; slow down", Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
    }
}
