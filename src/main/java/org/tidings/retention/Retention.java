package org.tidings.retention;

import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tidings.audit.AuditLog;
import org.tidings.job.Jobs;
import org.tidings.social.Conversations;
import org.tidings.social.Membership;
import org.tidings.stream.EventLog;
import org.tidings.web.ApiException;

/** The retention limits, who may set them, and starting the job that applies them. */
@Component
class Retention {

    static final String SERVER_SETTING = "retention_seconds";

    /** What the retention endpoints answer: an ISO-8601 duration, or null for kept forever. */
    record Limit(String retention) {
        static Limit of(Duration retention) {
            return new Limit(retention == null ? null : retention.toString());
        }
    }

    private final JdbcClient jdbc;
    private final EventLog log;
    private final Jobs jobs;
    private final Conversations conversations;
    private final AuditLog audit;
    private final RetentionSettings settings;

    Retention(
            JdbcClient jdbc,
            EventLog log,
            Jobs jobs,
            Conversations conversations,
            AuditLog audit,
            RetentionSettings settings) {
        this.jdbc = jdbc;
        this.log = log;
        this.jobs = jobs;
        this.conversations = conversations;
        this.audit = audit;
        this.settings = settings;
    }

    Optional<Duration> server() {
        return ExpiredMessages.server(jdbc);
    }

    void setServer(long adminId, Duration retention) {
        check(retention);
        log.write(tx -> {
            if (retention == null) {
                tx.jdbc()
                        .sql("DELETE FROM server_settings WHERE name = ?")
                        .param(SERVER_SETTING)
                        .update();
            } else {
                tx.jdbc()
                        .sql("""
                                INSERT INTO server_settings (name, value, updated_at) VALUES (?, ?, ?)
                                ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at""")
                        .params(SERVER_SETTING, Long.toString(retention.toSeconds()), tx.now())
                        .update();
            }
            audit.record(
                    tx.jdbc(),
                    new AuditLog.Action(
                            adminId,
                            "retention.server",
                            "server",
                            null,
                            retention == null ? "off" : retention.toString()));
            return null;
        });
    }

    Optional<Duration> group(long userId, long groupId) {
        conversations.requireMember(groupId, userId);
        return jdbc.sql("SELECT retention_seconds FROM conversations WHERE id = ?")
                .param(groupId)
                .query((rs, n) -> {
                    long seconds = rs.getLong(1);
                    return rs.wasNull() ? Optional.<Duration>empty() : Optional.of(Duration.ofSeconds(seconds));
                })
                .single();
    }

    /** Only the owner, and only shorter than the server's: a group cannot keep more than the server allows. */
    void setGroup(long userId, long groupId, Duration retention) {
        check(retention);
        Optional<Duration> server = server();
        if (retention != null && server.isPresent() && retention.compareTo(server.get()) > 0) {
            throw ApiException.badRequest(
                    "retention_too_long", "A group may only keep messages for less than the server's " + server.get());
        }
        log.write(tx -> {
            Membership membership = conversations.requireMember(tx, groupId, userId);
            if (!"group".equals(membership.kind()) || !"owner".equals(membership.role())) {
                throw ApiException.forbidden("forbidden", "Only the group's owner sets its retention");
            }
            tx.jdbc()
                    .sql("UPDATE conversations SET retention_seconds = ? WHERE id = ?")
                    .params(retention == null ? null : retention.toSeconds(), groupId)
                    .update();
            return null;
        });
    }

    private void check(Duration retention) {
        if (retention != null && retention.compareTo(settings.minimum()) < 0) {
            throw ApiException.badRequest(
                    "retention_too_short", "Retention is at least " + settings.minimum() + ", or null for none");
        }
    }

    /**
     * Queues a retention run owned by {@code adminId} (its progress goes to their stream), unless
     * one is queued or running already; returns the job's id, or empty when one was there.
     */
    Optional<Long> start(long adminId) {
        Optional<Long> id = log.write(tx -> {
            boolean pending = tx.jdbc()
                            .sql("SELECT COUNT(*) FROM jobs WHERE type = ? AND state IN ('queued', 'running')")
                            .param(RetentionJob.TYPE)
                            .query(Long.class)
                            .single()
                    > 0;
            return pending
                    ? Optional.<Long>empty()
                    : Optional.of(jobs.enqueue(tx, RetentionJob.TYPE, adminId, java.util.Map.of()));
        });
        id.ifPresent(started -> jobs.wake());
        return id;
    }

    /** The administrator who owns scheduled runs: the longest-standing active one. */
    Optional<Long> anyAdministrator() {
        return jdbc.sql("SELECT id FROM users WHERE is_admin = TRUE AND deactivated_at IS NULL ORDER BY id LIMIT 1")
                .query(Long.class)
                .optional();
    }

    /** Whether any limit is set, server-wide or on a group: otherwise there is nothing to run. */
    boolean anyLimit() {
        return server().isPresent()
                || jdbc.sql("SELECT COUNT(*) FROM conversations WHERE retention_seconds IS NOT NULL")
                                .query(Long.class)
                                .single()
                        > 0;
    }
}
