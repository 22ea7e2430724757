package org.tidings.account;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tidings.web.ApiException;

/** The registration policy and the server invite codes it may require, kept in the database. */
@Repository
class Registrations {

    private static final String POLICY = "registration_policy";

    private final JdbcClient jdbc;
    private final AdminSettings settings;

    Registrations(JdbcClient jdbc, AdminSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    record Invite(long id, String code, Instant createdAt, Instant expiresAt, int maxUses, int uses) {}

    /** Open until an administrator says otherwise: a fresh server must let its first user in. */
    RegistrationPolicy policy() {
        return jdbc.sql("SELECT value FROM server_settings WHERE name = ?")
                .param(POLICY)
                .query(String.class)
                .optional()
                .map(RegistrationPolicy::of)
                .orElse(RegistrationPolicy.OPEN);
    }

    void setPolicy(RegistrationPolicy policy) {
        long now = System.currentTimeMillis();
        jdbc.sql("""
                        INSERT INTO server_settings (name, value, updated_at) VALUES (?, ?, ?)
                        ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at""").params(POLICY, policy.wire(), now).update();
    }

    /**
     * Lets a sign-up through under the current policy, using one use of its invite code when one
     * is needed. Runs in the sign-up's transaction, so a sign-up that fails later gives it back.
     */
    void admit(String inviteCode) {
        switch (policy()) {
            case OPEN -> {}
            case CLOSED ->
                throw ApiException.forbidden("registration_closed", "This server does not accept new accounts");
            case INVITE -> {
                if (inviteCode == null || inviteCode.isBlank()) {
                    throw ApiException.forbidden("invite_required", "Signing up here needs an invite code");
                }
                int used = jdbc.sql("""
                                UPDATE server_invites SET uses = uses + 1
                                WHERE code = ? AND uses < max_uses AND expires_at > ?""")
                        .params(inviteCode.strip(), System.currentTimeMillis())
                        .update();
                if (used == 0) {
                    throw ApiException.forbidden("invite_invalid", "That invite code is unknown, expired or used up");
                }
            }
        }
    }

    Invite createInvite(long adminId, Duration lifetime, int maxUses) {
        if (maxUses < 1 || maxUses > settings.maxInviteUses()) {
            throw ApiException.badRequest(
                    "invalid_invite", "maxUses must be between 1 and " + settings.maxInviteUses());
        }
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(settings.maxInviteLifetime()) > 0) {
            throw ApiException.badRequest(
                    "invalid_invite",
                    "expiresInHours must be positive and at most "
                            + settings.maxInviteLifetime().toHours());
        }
        // As random as a session secret: a guessed code would be a way in.
        String code = Secrets.newSecret("inv_");
        long now = System.currentTimeMillis();
        long expires = now + lifetime.toMillis();
        long id = jdbc.sql("""
                        INSERT INTO server_invites (code, created_by, created_at, expires_at, max_uses)
                        VALUES (?, ?, ?, ?, ?) RETURNING id""")
                .params(code, adminId, now, expires, maxUses)
                .query(Long.class)
                .single();
        return new Invite(id, code, Instant.ofEpochMilli(now), Instant.ofEpochMilli(expires), maxUses, 0);
    }

    List<Invite> invites() {
        return jdbc.sql("SELECT id, code, created_at, expires_at, max_uses, uses FROM server_invites ORDER BY id DESC")
                .query((rs, n) -> new Invite(
                        rs.getLong("id"),
                        rs.getString("code"),
                        Instant.ofEpochMilli(rs.getLong("created_at")),
                        Instant.ofEpochMilli(rs.getLong("expires_at")),
                        rs.getInt("max_uses"),
                        rs.getInt("uses")))
                .list();
    }

    void deleteInvite(long id) {
        if (jdbc.sql("DELETE FROM server_invites WHERE id = ?").param(id).update() == 0) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "Invite not found");
        }
    }
}
