package org.tidings.search;

import java.time.Instant;

/** One matching message: where it is, who sent it, when, and the text around the match. */
record SearchResult(long id, long seq, Conversation conversation, Sender sender, Instant sentAt, Snippet snippet) {

    /** title: the group's name, or for a direct conversation the other person's display name. */
    record Conversation(long id, String kind, String title) {}

    record Sender(long id, String username, String displayName) {}
}
