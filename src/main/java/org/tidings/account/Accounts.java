package org.tidings.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tidings.storage.UniqueViolation;
import org.tidings.web.ApiException;

/** The users table. Usernames are stored lower-case so they are unique ignoring case. */
@Repository
public class Accounts {

    private final JdbcClient jdbc;

    Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record StoredUser(
            long id, String username, String displayName, String passwordHash, long createdAt, boolean deactivated) {
        UserView view() {
            return new UserView(id, username, displayName, Instant.ofEpochMilli(createdAt), deactivated);
        }

        // By hand, not query(StoredUser.class): the reflective mapper costs more than the query
        // on GET /api/me, which runs this for every request.
        static StoredUser of(ResultSet rs, int row) throws SQLException {
            return new StoredUser(
                    rs.getLong("id"),
                    rs.getString("username"),
                    rs.getString("display_name"),
                    rs.getString("password_hash"),
                    rs.getLong("created_at"),
                    rs.getObject("deactivated_at") != null);
        }
    }

    /**
     * The first account on an empty server is its administrator (someone must be able to set the
     * server up), as is one named in TIDINGS_ADMINS.
     */
    UserView create(String username, String displayName, String passwordHash, boolean namedAdmin) {
        long now = System.currentTimeMillis();
        try {
            long id = jdbc.sql("""
                            INSERT INTO users (username, display_name, password_hash, created_at, is_admin)
                            VALUES (?, ?, ?, ?, (? OR NOT EXISTS (SELECT 1 FROM users))) RETURNING id""")
                    .params(normalize(username), displayName, passwordHash, now, namedAdmin)
                    .query(Long.class)
                    .single();
            return new UserView(id, normalize(username), displayName, Instant.ofEpochMilli(now), false);
        } catch (DataAccessException e) {
            if (UniqueViolation.is(e)) {
                throw new ApiException(HttpStatus.CONFLICT, "username_taken", "That username is taken");
            }
            throw e;
        }
    }

    Optional<StoredUser> findByUsername(String username) {
        return jdbc.sql(
                        "SELECT id, username, display_name, password_hash, created_at, deactivated_at FROM users WHERE username = ?")
                .param(normalize(username))
                .query(StoredUser::of)
                .optional();
    }

    public Optional<UserView> findById(long id) {
        return jdbc.sql(
                        "SELECT id, username, display_name, password_hash, created_at, deactivated_at FROM users WHERE id = ?")
                .param(id)
                .query(StoredUser::of)
                .optional()
                .map(StoredUser::view);
    }

    /** Finds a user by name for other features (a friend request, a group invite). */
    public Optional<UserView> findByName(String username) {
        return username == null ? Optional.empty() : findByUsername(username).map(StoredUser::view);
    }

    /** The user as GET /api/me shows them, administrator flag included: one query per request. */
    Optional<Me> me(long id) {
        return jdbc.sql("""
                        SELECT id, username, display_name, status, avatar_version, created_at, share_read_receipts,
                               is_admin
                        FROM users WHERE id = ?""")
                .param(id)
                .query((rs, n) -> new Me(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getLong(5),
                        Instant.ofEpochMilli(rs.getLong(6)),
                        rs.getBoolean(7),
                        rs.getBoolean(8)))
                .optional();
    }

    void shareReadReceipts(long id, boolean share) {
        jdbc.sql("UPDATE users SET share_read_receipts = ? WHERE id = ?")
                .params(share, id)
                .update();
    }

    static String normalize(String username) {
        return username.toLowerCase(Locale.ROOT);
    }
}
