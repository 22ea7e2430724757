package org.tidings.social;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.tidings.account.AuthenticatedUser;
import org.tidings.account.UserView;

/**
 * Another person as lists and events show them: enough to render a name without a lookup. {@code
 * deactivated} is there (true) only for an account an administrator deactivated, so clients can
 * mark it; left out otherwise.
 */
record UserRef(
        long id,
        String username,
        String displayName,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean deactivated) {

    /** Columns a query selects for {@link #read}, from the users table aliased {@code u}. */
    static final String COLUMNS = "u.id, u.username, u.display_name, u.deactivated_at";

    UserRef(long id, String username, String displayName) {
        this(id, username, displayName, false);
    }

    static UserRef of(UserView user) {
        return new UserRef(user.id(), user.username(), user.displayName(), user.deactivated());
    }

    static UserRef of(AuthenticatedUser user) {
        return new UserRef(user.id(), user.username(), user.displayName());
    }

    /** The {@link #COLUMNS} starting at column {@code first}. */
    static UserRef read(ResultSet rs, int first) throws SQLException {
        return new UserRef(
                rs.getLong(first), rs.getString(first + 1), rs.getString(first + 2), rs.getObject(first + 3) != null);
    }
}
