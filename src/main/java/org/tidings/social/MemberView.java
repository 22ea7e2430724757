package org.tidings.social;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.sql.ResultSet;
import java.sql.SQLException;

/** A member of a conversation; {@code deactivated} as in {@link UserRef}. */
record MemberView(
        long id,
        String username,
        String displayName,
        String role,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean deactivated) {

    /** Columns a query selects for {@link #read}: users aliased {@code u}, members {@code m}. */
    static final String COLUMNS = UserRef.COLUMNS + ", m.role";

    static MemberView read(ResultSet rs, int row) throws SQLException {
        UserRef user = UserRef.read(rs, 1);
        return new MemberView(user.id(), user.username(), user.displayName(), rs.getString(5), user.deactivated());
    }
}
