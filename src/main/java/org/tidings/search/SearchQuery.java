package org.tidings.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tidings.web.ApiException;

/**
 * What the user typed, as terms. Every term must occur in a message, case-insensitively, as a
 * plain substring: "deploy" finds "deployment", 周末 finds 这个周末去爬山吗 (no word splitting, so
 * Chinese, Japanese and Korean work). Nothing is syntax: quotes, *, -, :, NEAR(, AND are text.
 *
 * <p>One-character terms are dropped when a longer term is present (a single letter or character
 * occurs in nearly everything and has no index entry of its own); a query of only one-character
 * terms is refused.
 */
record SearchQuery(List<String> terms) {

    static final int MAX_LENGTH = 200;
    static final int MAX_TERMS = 8;

    static SearchQuery parse(String q) {
        // Control characters (NUL above all, which PostgreSQL text cannot hold) separate words.
        q = q == null ? null : q.replaceAll("\\p{Cntrl}", " ");
        if (q == null || q.isBlank()) {
            throw ApiException.badRequest("query_empty", "q must not be empty");
        }
        if (q.length() > MAX_LENGTH) {
            throw ApiException.badRequest("query_too_long", "q must be at most " + MAX_LENGTH + " characters");
        }
        List<String> terms = new ArrayList<>();
        for (String word : q.strip().split("\\s+")) {
            String term = word.toLowerCase(Locale.ROOT);
            if (term.codePointCount(0, term.length()) >= 2 && !terms.contains(term)) {
                terms.add(term);
            }
        }
        if (terms.isEmpty()) {
            throw ApiException.badRequest("query_too_short", "q needs a word of at least 2 characters");
        }
        if (terms.size() > MAX_TERMS) {
            throw ApiException.badRequest("query_too_long", "q must have at most " + MAX_TERMS + " words");
        }
        return new SearchQuery(List.copyOf(terms));
    }

    static boolean isShort(String term) {
        return term.codePointCount(0, term.length()) < 3;
    }
}
