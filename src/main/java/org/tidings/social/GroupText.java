package org.tidings.social;

import org.springframework.jdbc.core.simple.JdbcClient;

/** A group's name and description, and the rules for them. */
record GroupText(String name, String description) {

    static final int MAX_NAME = 80;
    static final int MAX_DESCRIPTION = 500;

    static GroupText of(JdbcClient jdbc, long conversationId) {
        return jdbc.sql("SELECT name, description FROM conversations WHERE id = ?")
                .param(conversationId)
                .query(GroupText.class)
                .single();
    }

    /** Trimmed; 1 to 80 characters (counted as code points, like the database does), no control characters. */
    static String checkName(String raw) {
        String name = raw == null ? "" : raw.strip();
        int length = name.codePointCount(0, name.length());
        if (length == 0 || length > MAX_NAME) {
            throw SocialProblems.invalid("name", "must be 1-" + MAX_NAME + " characters after trimming");
        }
        if (name.codePoints().anyMatch(Character::isISOControl)) {
            throw SocialProblems.invalid("name", "must not contain control characters");
        }
        return name;
    }

    /** Trimmed; up to 500 characters; empty means none, stored as NULL. */
    static String checkDescription(String raw) {
        String description = raw == null ? "" : raw.strip();
        if (description.codePointCount(0, description.length()) > MAX_DESCRIPTION) {
            throw SocialProblems.invalid("description", "must be at most " + MAX_DESCRIPTION + " characters");
        }
        return description.isEmpty() ? null : description;
    }
}
