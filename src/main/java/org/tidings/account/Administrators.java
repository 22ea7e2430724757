package org.tidings.account;

import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import org.tidings.storage.Database;
import org.tidings.web.ApiException;

/** Who holds the server-wide administrator role, and the rule that someone always does. */
@Repository
public class Administrators {

    private static final Logger log = LoggerFactory.getLogger(Administrators.class);

    /** Enough for a search box; administrators narrow the query rather than page. */
    private static final int SEARCH_LIMIT = 100;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Database database;
    private final AdminSettings settings;

    Administrators(JdbcClient jdbc, TransactionTemplate transactions, Database database, AdminSettings settings) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.database = database;
        this.settings = settings;
    }

    /** A user as administrators see it in their user list. */
    public record ManagedUser(
            long id, String username, String displayName, Instant createdAt, boolean isAdmin, boolean deactivated) {}

    public boolean isAdmin(long userId) {
        return jdbc.sql("SELECT is_admin FROM users WHERE id = ?")
                .param(userId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    List<ManagedUser> search(String query) {
        String pattern =
                "%" + (query == null ? "" : Accounts.normalize(query.strip()).replace("%", "")) + "%";
        return jdbc.sql("""
                        SELECT id, username, display_name, created_at, is_admin, deactivated_at FROM users
                        WHERE username LIKE ? OR lower(display_name) LIKE ? ORDER BY username LIMIT ?""")
                .params(pattern, pattern, SEARCH_LIMIT)
                .query((rs, n) -> new ManagedUser(
                        rs.getLong("id"),
                        rs.getString("username"),
                        rs.getString("display_name"),
                        Instant.ofEpochMilli(rs.getLong("created_at")),
                        rs.getBoolean("is_admin"),
                        rs.getObject("deactivated_at") != null))
                .list();
    }

    void grant(long userId) {
        int updated = jdbc.sql("UPDATE users SET is_admin = TRUE WHERE id = ?")
                .param(userId)
                .update();
        if (updated == 0) {
            throw ApiException.notFound("User");
        }
    }

    /** Refuses to remove the last administrator: nobody could then give the role back. */
    void revoke(long userId) {
        transactions.executeWithoutResult(status -> {
            // On PostgreSQL two administrators revoking each other at once would each still see
            // the other; locking the administrators' rows serialises them. SQLite's IMMEDIATE
            // transactions already hold the one write lock from BEGIN.
            String lock = database == Database.POSTGRES ? " FOR UPDATE" : "";
            List<Long> admins = jdbc.sql("SELECT id FROM users WHERE is_admin = TRUE" + lock)
                    .query(Long.class)
                    .list();
            if (!admins.contains(userId)) {
                if (!exists(userId)) {
                    throw ApiException.notFound("User");
                }
                return;
            }
            if (admins.size() == 1) {
                throw ApiException.conflict(
                        "last_admin", "This is the last administrator; make someone else one first");
            }
            jdbc.sql("UPDATE users SET is_admin = FALSE WHERE id = ?")
                    .param(userId)
                    .update();
        });
    }

    private boolean exists(long userId) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE id = ?")
                        .param(userId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** TIDINGS_ADMINS: the named accounts that exist get the role; the others get it at sign-up. */
    @EventListener(ApplicationReadyEvent.class)
    void grantConfigured() {
        for (String name : settings.usernames()) {
            if (name.isBlank()) {
                continue;
            }
            int updated = jdbc.sql("UPDATE users SET is_admin = TRUE WHERE username = ? AND is_admin = FALSE")
                    .param(Accounts.normalize(name.strip()))
                    .update();
            if (updated > 0) {
                log.info("Made administrator from configuration user={}", Accounts.normalize(name.strip()));
            }
        }
    }
}
