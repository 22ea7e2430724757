package org.tidings.chat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.tidings.social.Membership;

/**
 * Finds who a body mentions. {@code @username} counts only for current members of the
 * conversation; {@code @everyone} only in a group and only from its owner or admins (from anyone
 * else it stays plain text, as in Mattermost).
 */
final class Mentions {

    private Mentions() {}

    /**
     * {@code named}: the members written as @username, in order of first mention. {@code
     * notified}: everyone the message notifies (named, or every member for @everyone), never the
     * sender.
     */
    record Resolved(List<Long> named, boolean everyone, Set<Long> notified) {
        static final Resolved NONE = new Resolved(List.of(), false, Set.of());

        boolean isEmpty() {
            return named.isEmpty() && !everyone;
        }

        /** As stored in {@code messages.mentions}. */
        String column() {
            return named.isEmpty() ? null : named.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
    }

    // Usernames are 3-32 of a-z 0-9 _ . - (AccountController); the @ must not follow a word
    // character, so an email address mentions nobody.
    private static final Pattern MENTION = Pattern.compile("(?<![\\w.@-])@([A-Za-z0-9_.-]{3,32})");

    static Resolved resolve(JdbcClient db, Membership sender, long senderId, String body) {
        if (body.indexOf('@') < 0) {
            return Resolved.NONE;
        }
        Map<String, Long> members = db
                .sql("""
                        SELECT u.username, u.id FROM conversation_members m JOIN users u ON u.id = m.user_id
                        WHERE m.conversation_id = ?""")
                .param(sender.conversationId())
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Set<Long> named = new LinkedHashSet<>();
        boolean everyone = false;
        Matcher m = MENTION.matcher(body);
        while (m.find()) {
            String name = m.group(1).toLowerCase(Locale.ROOT);
            if (name.equals("everyone")) {
                everyone |= "group".equals(sender.kind()) && !"member".equals(sender.role());
                continue;
            }
            Long id = members.get(name);
            // "@bob." at the end of a sentence: the dot is punctuation, not part of the name.
            while (id == null && (name.endsWith(".") || name.endsWith("-"))) {
                name = name.substring(0, name.length() - 1);
                id = members.get(name);
            }
            if (id != null) {
                named.add(id);
            }
        }
        Set<Long> notified = new LinkedHashSet<>(everyone ? members.values() : named);
        notified.remove(senderId);
        return new Resolved(new ArrayList<>(named), everyone, notified);
    }

    /** Reads {@code messages.mentions} back. */
    static List<Long> parse(String column) {
        if (column == null || column.isEmpty()) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        for (String id : column.split(",")) {
            ids.add(Long.parseLong(id));
        }
        return ids;
    }
}
