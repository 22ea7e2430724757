package org.tidings.social;

import org.tidings.account.AuthenticatedUser;
import org.tidings.account.UserView;

/** Another person as lists and events show them: enough to render a name without a lookup. */
record UserRef(long id, String username, String displayName) {

    static UserRef of(UserView user) {
        return new UserRef(user.id(), user.username(), user.displayName());
    }

    static UserRef of(AuthenticatedUser user) {
        return new UserRef(user.id(), user.username(), user.displayName());
    }
}
