package org.tidings.moderation;

import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tidings.audit.AuditLog;
import org.tidings.chat.Message;
import org.tidings.chat.ModeratorAccess;
import org.tidings.cluster.RateLimits;
import org.tidings.social.Conversations;
import org.tidings.storage.UniqueViolation;
import org.tidings.web.ApiException;
import org.tidings.web.RateLimitRefusals;

/** Filing reports, the administrators' queue, and acting on it. */
@Component
class Reports {

    static final int CONTEXT_EACH_SIDE = 3;

    /** A report as the reporter gets it back. */
    record Filed(long id, String state) {}

    /** A report in the administrators' queue. */
    record Queued(
            long id,
            String reason,
            String state,
            Instant createdAt,
            Person reporter,
            Message message,
            List<Message> context,
            String resolution,
            Long resolvedBy,
            Instant resolvedAt) {}

    record Person(long id, String username, String displayName) {}

    private record Row(
            long id,
            long messageId,
            long conversationId,
            Person reporter,
            String reason,
            String state,
            Instant createdAt,
            String resolution,
            Long resolvedBy,
            Instant resolvedAt) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Conversations conversations;
    private final ModeratorAccess messages;
    private final AuditLog audit;
    private final Deactivations deactivations;
    private final RateLimits limits;
    private final RateLimitRefusals refusals;
    private final BucketConfiguration bucket;

    Reports(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            Conversations conversations,
            ModeratorAccess messages,
            AuditLog audit,
            Deactivations deactivations,
            RateLimits limits,
            RateLimitRefusals refusals,
            ModerationSettings settings) {
        this.refusals = refusals;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.conversations = conversations;
        this.messages = messages;
        this.audit = audit;
        this.deactivations = deactivations;
        this.limits = limits;
        this.bucket = BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(settings.reportBurst()).refillGreedy(1, settings.reportRefill()))
                .build();
    }

    Filed file(long reporterId, long conversationId, long messageId, String reason) {
        // Someone else's conversation, or a message not in it: 404, as for reading it.
        conversations.requireMember(conversationId, reporterId);
        Message message = messages.find(conversationId, messageId).orElseThrow(() -> ApiException.notFound("Message"));
        if (message.deleted()) {
            throw ApiException.conflict("message_deleted", "The message was deleted already");
        }
        if (message.sender().id() == reporterId) {
            throw ApiException.badRequest("own_message", "You cannot report your own message; delete it instead");
        }
        var probe = limits.tryConsume("report:" + reporterId, bucket);
        if (!probe.isConsumed()) {
            throw refusals.refuse(
                    "report", "Too many reports; try again later", Duration.ofNanos(probe.getNanosToWaitForRefill()));
        }
        try {
            long id = jdbc.sql("""
                            INSERT INTO message_reports (message_id, conversation_id, reporter_id, reason, state, created_at)
                            VALUES (?, ?, ?, ?, 'open', ?) RETURNING id""")
                    .params(messageId, conversationId, reporterId, reason.strip(), System.currentTimeMillis())
                    .query(Long.class)
                    .single();
            return new Filed(id, "open");
        } catch (org.springframework.dao.DataAccessException e) {
            if (UniqueViolation.is(e)) {
                throw ApiException.conflict("already_reported", "You reported this message already");
            }
            throw e;
        }
    }

    List<Queued> queue(String state, long beforeId, int limit) {
        return jdbc
                .sql(SELECT + " WHERE r.state = ? AND (? = 0 OR r.id < ?) ORDER BY r.id DESC LIMIT ?")
                .params(state, beforeId, beforeId, limit)
                .query(Reports::row)
                .list()
                .stream()
                .map(this::queued)
                .toList();
    }

    private Queued queued(Row row) {
        Message message = messages.find(row.conversationId(), row.messageId()).orElse(null);
        List<Message> context =
                message == null ? List.of() : messages.around(row.conversationId(), message.seq(), CONTEXT_EACH_SIDE);
        return new Queued(
                row.id(),
                row.reason(),
                row.state(),
                row.createdAt(),
                row.reporter(),
                message,
                context,
                row.resolution(),
                row.resolvedBy(),
                row.resolvedAt());
    }

    /**
     * Deleting the message closes every open report of it (they asked for the same thing);
     * dismissing closes this one.
     */
    void resolve(long adminId, long reportId, String action, String reason) {
        Row report = find(reportId);
        if (!"open".equals(report.state())) {
            throw ApiException.conflict("report_closed", "This report was " + report.state() + " already");
        }
        switch (action) {
            case "delete_message" -> {
                messages.deleteAsAdministrator(adminId, report.conversationId(), report.messageId(), reason);
                close(adminId, "resolved", action, "message_id = ?", report.messageId());
            }
            case "dismiss" ->
                transactions.executeWithoutResult(status -> {
                    close(adminId, "dismissed", action, "id = ?", reportId);
                    audit.record(jdbc, new AuditLog.Action(adminId, "report.dismiss", "report", reportId, reason));
                });
            case "deactivate_author" -> {
                Message message = messages.find(report.conversationId(), report.messageId())
                        .orElseThrow(() -> ApiException.notFound("Message"));
                deactivations.deactivate(adminId, message.sender().id(), reason);
                close(adminId, "resolved", action, "id = ?", reportId);
            }
            default ->
                throw ApiException.badRequest(
                        "invalid_action", "action is delete_message, deactivate_author or dismiss, not " + action);
        }
    }

    private void close(long adminId, String state, String resolution, String which, long id) {
        jdbc.sql("UPDATE message_reports SET state = ?, resolution = ?, resolved_by = ?, resolved_at = ?"
                        + " WHERE state = 'open' AND " + which)
                .params(state, resolution, adminId, System.currentTimeMillis(), id)
                .update();
    }

    private Row find(long reportId) {
        return jdbc.sql(SELECT + " WHERE r.id = ?")
                .param(reportId)
                .query(Reports::row)
                .optional()
                .orElseThrow(() -> ApiException.notFound("Report"));
    }

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        long resolvedBy = rs.getLong("resolved_by");
        Long by = rs.wasNull() ? null : resolvedBy;
        long resolvedAt = rs.getLong("resolved_at");
        Instant at = rs.wasNull() ? null : Instant.ofEpochMilli(resolvedAt);
        return new Row(
                rs.getLong("id"),
                rs.getLong("message_id"),
                rs.getLong("conversation_id"),
                new Person(rs.getLong("reporter_id"), rs.getString("username"), rs.getString("display_name")),
                rs.getString("reason"),
                rs.getString("state"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getString("resolution"),
                by,
                at);
    }

    private static final String SELECT = """
            SELECT r.id, r.message_id, r.conversation_id, r.reporter_id, u.username, u.display_name, r.reason,
                   r.state, r.created_at, r.resolution, r.resolved_by, r.resolved_at
            FROM message_reports r JOIN users u ON u.id = r.reporter_id""";
}
