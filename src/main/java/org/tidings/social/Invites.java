package org.tidings.social;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tidings.account.Secrets;
import org.tidings.stream.EventLog;

/**
 * Invite links to a group, private or public. Owner and admins make them; whoever holds one
 * joins with it while it is neither expired, used up nor revoked. The token is 256 random bits
 * and only its SHA-256 is stored, like session tokens. Every use is counted inside the single
 * writer with a conditional update, so a link with one use left admits exactly one of two
 * people accepting it at the same moment.
 */
@Component
class Invites {

    /** A link lives a week unless asked otherwise: long enough to pass on, short if it leaks. */
    static final Duration DEFAULT_LIFETIME = Duration.ofDays(7);
    /** A year at most: a link that never dies is a standing way in for whoever finds it later. */
    static final Duration MAX_LIFETIME = Duration.ofDays(365);

    static final int MAX_USES = 10_000;

    /** Secrets.newSecret("") makes 43 base64url characters; anything else cannot be a token. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** Shown once, at creation: the token is not stored and cannot be listed again. */
    record Created(
            long id,
            String token,
            String url,
            Instant expiresAt,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer maxUses,
            int uses,
            Instant createdAt) {}

    /** state: active, expired or used_up (revoked links are not listed). */
    record InviteView(
            long id,
            Instant expiresAt,
            @JsonInclude(JsonInclude.Include.ALWAYS) Integer maxUses,
            int uses,
            Instant createdAt,
            UserRef createdBy,
            String state) {}

    record Preview(
            long groupId,
            String name,
            @JsonInclude(JsonInclude.Include.ALWAYS) String description,
            int memberCount,
            Instant expiresAt,
            boolean joined) {}

    private record Row(
            long id, long groupId, long expiresAt, Integer maxUses, int uses, Long revokedAt, Long groupDeletedAt) {
        boolean usable(long now) {
            return revokedAt == null
                    && groupDeletedAt == null
                    && expiresAt > now
                    && (maxUses == null || uses < maxUses);
        }
    }

    private final EventLog log;
    private final JdbcClient jdbc;
    private final SocialSettings settings;

    Invites(EventLog log, JdbcClient jdbc, SocialSettings settings) {
        this.log = log;
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** {@code linkBase} is the client's address up to the fragment: the link is linkBase + token. */
    Created create(long me, long groupId, Long expiresInSeconds, Integer maxUses, String linkBase) {
        Duration lifetime = expiresInSeconds == null ? DEFAULT_LIFETIME : Duration.ofSeconds(expiresInSeconds);
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw SocialProblems.invalid(
                    "expiresInSeconds", "must be between 1 and " + MAX_LIFETIME.toSeconds() + " seconds");
        }
        if (maxUses != null && (maxUses < 1 || maxUses > MAX_USES)) {
            throw SocialProblems.invalid("maxUses", "must be between 1 and " + MAX_USES + ", or left out for no limit");
        }
        String token = Secrets.newSecret("");
        return log.write(tx -> {
            Groups.requireManager(tx, groupId, me);
            long expiresAt = tx.now() + lifetime.toMillis();
            long id = tx.jdbc()
                    .sql("""
                            INSERT INTO group_invites (conversation_id, token_hash, created_by, created_at, expires_at, max_uses)
                            VALUES (?, ?, ?, ?, ?, ?) RETURNING id""")
                    .params(groupId, Secrets.hash(token), me, tx.now(), expiresAt, maxUses)
                    .query(Long.class)
                    .single();
            return new Created(
                    id,
                    token,
                    linkBase + token,
                    Instant.ofEpochMilli(expiresAt),
                    maxUses,
                    0,
                    Instant.ofEpochMilli(tx.now()));
        });
    }

    /** Links not revoked, newest first; for owner and admins only (404 outside, 403 for members). */
    List<InviteView> list(long me, long groupId) {
        Groups.requireManager(jdbc, groupId, me);
        long now = System.currentTimeMillis();
        return jdbc.sql("""
                        SELECT i.id, i.expires_at, i.max_uses, i.uses, i.created_at, u.id, u.username, u.display_name
                        FROM group_invites i JOIN users u ON u.id = i.created_by
                        WHERE i.conversation_id = ? AND i.revoked_at IS NULL
                        ORDER BY i.id DESC""").param(groupId).query((rs, n) -> listed(rs, now)).list();
    }

    void revoke(long me, long groupId, long inviteId) {
        log.write(tx -> {
            Groups.requireManager(tx, groupId, me);
            int revoked = tx.jdbc().sql("""
                            UPDATE group_invites SET revoked_at = ?
                            WHERE id = ? AND conversation_id = ? AND revoked_at IS NULL""").params(tx.now(), inviteId, groupId).update();
            if (revoked == 0) {
                throw SocialProblems.notFound("Invite");
            }
            return null;
        });
    }

    /** What the link leads to, for anyone signed in who holds it. */
    Preview preview(long me, String token) {
        Row invite = requireUsable(jdbc, token, System.currentTimeMillis());
        GroupText text = GroupText.of(jdbc, invite.groupId());
        return new Preview(
                invite.groupId(),
                text.name(),
                text.description(),
                Members.count(jdbc, invite.groupId()),
                Instant.ofEpochMilli(invite.expiresAt()),
                Members.find(jdbc, invite.groupId(), me).isPresent());
    }

    /**
     * Joins the link's group. A member already in it keeps their place and the link keeps its
     * use; a banned user is refused (403) and uses nothing either.
     */
    ConversationDetails accept(long me, String token) {
        return log.write(tx -> {
            Row invite = requireUsable(tx.jdbc(), token, tx.now());
            long groupId = invite.groupId();
            if (Members.find(tx.jdbc(), groupId, me).isEmpty()) {
                if (RoomBans.isBanned(tx.jdbc(), groupId, me)) {
                    throw SocialProblems.banned();
                }
                // Conditional, so the count can never pass max_uses even if the check above
                // and this update were ever run by two writers at once.
                int counted = tx.jdbc().sql("""
                                UPDATE group_invites SET uses = uses + 1
                                WHERE id = ? AND revoked_at IS NULL AND expires_at > ?
                                  AND (max_uses IS NULL OR uses < max_uses)""").params(invite.id(), tx.now()).update();
                if (counted == 0) {
                    throw SocialProblems.inviteExpired();
                }
                Rooms.admit(tx, groupId, me, settings.maxGroupMembers());
            }
            return ConversationViews.requireDetails(tx.jdbc(), me, groupId);
        });
    }

    /** 404 for a token that never existed, 410 for one that no longer works. */
    private static Row requireUsable(JdbcClient jdbc, String token, long now) {
        Row invite = find(jdbc, token).orElseThrow(() -> SocialProblems.notFound("Invite"));
        if (!invite.usable(now)) {
            throw SocialProblems.inviteExpired();
        }
        return invite;
    }

    private static Optional<Row> find(JdbcClient jdbc, String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        SELECT i.id, i.conversation_id, i.expires_at, i.max_uses, i.uses, i.revoked_at, c.deleted_at
                        FROM group_invites i JOIN conversations c ON c.id = i.conversation_id
                        WHERE i.token_hash = ?""")
                .param(Secrets.hash(token))
                .query((rs, n) -> new Row(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getLong(3),
                        nullableInt(rs, 4),
                        rs.getInt(5),
                        nullableLong(rs, 6),
                        nullableLong(rs, 7)))
                .optional();
    }

    private static InviteView listed(ResultSet rs, long now) throws SQLException {
        long expiresAt = rs.getLong(2);
        Integer maxUses = nullableInt(rs, 3);
        int uses = rs.getInt(4);
        String state = expiresAt <= now ? "expired" : maxUses != null && uses >= maxUses ? "used_up" : "active";
        return new InviteView(
                rs.getLong(1),
                Instant.ofEpochMilli(expiresAt),
                maxUses,
                uses,
                Instant.ofEpochMilli(rs.getLong(5)),
                new UserRef(rs.getLong(6), rs.getString(7), rs.getString(8)),
                state);
    }

    private static Integer nullableInt(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
