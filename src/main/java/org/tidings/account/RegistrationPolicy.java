package org.tidings.account;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.tidings.web.ApiException;

/** Who may create an account: anyone, holders of a server invite code, or nobody. */
enum RegistrationPolicy {
    OPEN,
    INVITE,
    CLOSED;

    @JsonValue
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RegistrationPolicy of(String value) {
        try {
            return valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiException.badRequest("invalid_policy", "Registration policy is open, invite or closed");
        }
    }
}
