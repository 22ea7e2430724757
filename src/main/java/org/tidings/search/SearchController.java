package org.tidings.search;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;
import org.tidings.web.ApiException;

/** GET /api/search: the caller's messages matching q, newest first (docs/api.md, "Search"). */
@RestController
class SearchController {

    static final int MAX_PAGE = 50;
    private static final int DEFAULT_PAGE = 20;

    private final MessageSearch search;

    SearchController(MessageSearch search) {
        this.search = search;
    }

    record Page(List<SearchResult> results, String nextCursor) {}

    @GetMapping("/api/search")
    Page search(
            @AuthenticationPrincipal AuthenticatedUser me,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) Long conversationId,
            @RequestParam(required = false) Long senderId,
            @RequestParam(required = false) String before,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false, defaultValue = "" + DEFAULT_PAGE) int limit) {
        SearchQuery query = SearchQuery.parse(q);
        if (limit < 1 || limit > MAX_PAGE) {
            throw ApiException.badRequest("invalid_parameter", "limit must be 1-" + MAX_PAGE);
        }
        SearchFilter filter = new SearchFilter(
                me.id(),
                conversationId,
                senderId,
                instant("before", before),
                instant("after", after),
                SearchCursor.below(cursor),
                limit + 1);
        // One more than asked tells whether another page exists.
        List<SearchResult> found = search.find(query, filter);
        if (found.size() <= limit) {
            return new Page(found, null);
        }
        List<SearchResult> page = found.subList(0, limit);
        return new Page(page, SearchCursor.after(page.getLast().id()));
    }

    private static Long instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(
                    "invalid_parameter", name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }
}
