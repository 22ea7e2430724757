package org.tidings.social;

import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Who may find and join a group: only those added or invited, or anyone signed in. */
enum Visibility {
    PRIVATE,
    PUBLIC;

    static Visibility of(String wire) {
        return switch (wire) {
            case "private" -> PRIVATE;
            case "public" -> PUBLIC;
            default -> throw SocialProblems.invalid("visibility", "must be private or public");
        };
    }

    static Visibility of(JdbcClient jdbc, long conversationId) {
        return of(jdbc.sql("SELECT visibility FROM conversations WHERE id = ?")
                .param(conversationId)
                .query(String.class)
                .single());
    }

    /** As stored and as the API shows it. */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
