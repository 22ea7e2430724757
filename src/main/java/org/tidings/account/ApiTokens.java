package org.tidings.account;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Personal API tokens for scripts: shown once at creation, stored hashed. */
@Repository
class ApiTokens {

    /** Makes a token recognisable in logs and secret scanners without revealing it. */
    static final String PREFIX = "tdg_";

    private final JdbcClient jdbc;

    ApiTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record TokenView(long id, String name, Instant createdAt) {}

    record CreatedToken(long id, String name, Instant createdAt, String token) {}

    CreatedToken create(long userId, String name) {
        String secret = Secrets.newSecret(PREFIX);
        long now = System.currentTimeMillis();
        long id = jdbc.sql(
                        "INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id")
                .params(userId, name, Secrets.hash(secret), now)
                .query(Long.class)
                .single();
        return new CreatedToken(id, name, Instant.ofEpochMilli(now), secret);
    }

    List<TokenView> list(long userId) {
        return jdbc.sql("SELECT id, name, created_at FROM api_tokens WHERE user_id = ? ORDER BY id")
                .param(userId)
                .query((rs, n) -> new TokenView(
                        rs.getLong("id"), rs.getString("name"), Instant.ofEpochMilli(rs.getLong("created_at"))))
                .list();
    }

    /** Returns the revoked token's hash, or empty when the user has no such token. */
    Optional<String> revoke(long userId, long tokenId) {
        Optional<String> hash = jdbc.sql("SELECT token_hash FROM api_tokens WHERE id = ? AND user_id = ?")
                .params(tokenId, userId)
                .query(String.class)
                .optional();
        hash.ifPresent(h ->
                jdbc.sql("DELETE FROM api_tokens WHERE id = ?").param(tokenId).update());
        return hash;
    }

    Optional<AuthenticatedUser> find(String secret) {
        return jdbc.sql("""
                        SELECT u.id, u.username, u.display_name FROM api_tokens t JOIN users u ON u.id = t.user_id
                        WHERE t.token_hash = ? AND u.deactivated_at IS NULL""")
                .param(Secrets.hash(secret))
                .query(AuthenticatedUser::of)
                .optional();
    }
}
