package org.tidings.account;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Repository;

/** Browser sessions, kept in the database so every node accepts every session. */
@Repository
class Sessions {

    private final JdbcClient jdbc;
    private final AccountSettings settings;

    Sessions(JdbcClient jdbc, AccountSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** Starts a session and returns its secret, which only the client keeps. */
    String start(long userId) {
        String secret = Secrets.newSecret("");
        long now = System.currentTimeMillis();
        jdbc.sql("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
                .params(
                        Secrets.hash(secret),
                        userId,
                        now,
                        now + settings.sessionLifetime().toMillis())
                .update();
        return secret;
    }

    Optional<AuthenticatedUser> find(String secret) {
        return jdbc.sql("""
                        SELECT u.id, u.username, u.display_name FROM sessions s JOIN users u ON u.id = s.user_id
                        WHERE s.token_hash = ? AND s.expires_at > ? AND u.deactivated_at IS NULL""")
                .params(Secrets.hash(secret), System.currentTimeMillis())
                .query(AuthenticatedUser::of)
                .optional();
    }

    /** Expired sessions are useless; deleting them keeps the table the size of the active ones. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
    void deleteExpired() {
        jdbc.sql("DELETE FROM sessions WHERE expires_at <= ?")
                .param(System.currentTimeMillis())
                .update();
    }

    void end(String secret) {
        jdbc.sql("DELETE FROM sessions WHERE token_hash = ?")
                .param(Secrets.hash(secret))
                .update();
    }
}
