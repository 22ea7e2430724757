package org.tidings.account;

/** The user behind a request: resolved once from its session cookie or bearer token. */
public record AuthenticatedUser(long id, String username, String displayName) {

    /** From a row with {@code id, username, display_name}: by hand, as every credential lookup runs it. */
    static AuthenticatedUser of(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new AuthenticatedUser(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"));
    }
}
