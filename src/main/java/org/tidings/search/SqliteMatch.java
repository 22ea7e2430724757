package org.tidings.search;

import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Turns terms into an FTS5 MATCH expression over the trigram index. Each term is a quoted string,
 * so FTS5 syntax in it (NEAR(, AND, *, -, :, parentheses) is only text; a quote is doubled.
 *
 * <p>A 2-character term has no trigram of its own, so it becomes the OR of every indexed trigram
 * that starts with it (read from the fts5vocab table, a range scan of the term b-tree). Every
 * occurrence starts some trigram because bodies are indexed with a trailing newline.
 */
final class SqliteMatch {

    // The largest code point: every trigram starting with a term sorts below term + this.
    private static final String MAX = new String(Character.toChars(Character.MAX_CODE_POINT));

    private SqliteMatch() {}

    /** The expression, or null when some term cannot match anything. */
    static String expression(JdbcClient jdbc, SearchQuery query) {
        List<String> parts = new ArrayList<>();
        for (String term : query.terms()) {
            if (!SearchQuery.isShort(term)) {
                parts.add(quoted(term));
                continue;
            }
            List<String> trigrams = jdbc.sql("SELECT term FROM message_search_terms WHERE term >= ? AND term < ?")
                    .params(term, term + MAX)
                    .query(String.class)
                    .list();
            if (trigrams.isEmpty()) {
                return null;
            }
            parts.add("("
                    + String.join(
                            " OR ", trigrams.stream().map(SqliteMatch::quoted).toList()) + ")");
        }
        return String.join(" AND ", parts);
    }

    private static String quoted(String text) {
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
