package org.tidings.account;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether an account may be used at all. Deactivating deletes every session and API token of the
 * account with the flag, in the caller's transaction (pass its JdbcClient); after the commit,
 * {@link #forgetCredentials} drops them from the credential caches of every node.
 */
@Component
public class AccountStatus {

    private final Credentials credentials;

    AccountStatus(Credentials credentials) {
        this.credentials = credentials;
    }

    /** False when the account was deactivated already. */
    public boolean deactivate(JdbcClient db, long userId, long at) {
        int updated = db.sql("UPDATE users SET deactivated_at = ? WHERE id = ? AND deactivated_at IS NULL")
                .params(at, userId)
                .update();
        if (updated == 0) {
            return false;
        }
        db.sql("DELETE FROM sessions WHERE user_id = ?").param(userId).update();
        db.sql("DELETE FROM api_tokens WHERE user_id = ?").param(userId).update();
        return true;
    }

    /** False when the account was active already. */
    public boolean reactivate(JdbcClient db, long userId) {
        return db.sql("UPDATE users SET deactivated_at = NULL WHERE id = ? AND deactivated_at IS NOT NULL")
                        .param(userId)
                        .update()
                > 0;
    }

    public boolean exists(JdbcClient db, long userId) {
        return db.sql("SELECT COUNT(*) FROM users WHERE id = ?")
                        .param(userId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    public void forgetCredentials(long userId) {
        credentials.forgetUser(userId);
    }
}
