package org.tidings.moderation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;
import org.tidings.web.ApiException;

/** Members report messages; administrators (SecurityConfig guards /api/admin/) work the queue. */
@RestController
class ReportController {

    private static final List<String> STATES = List.of("open", "resolved", "dismissed");
    private static final int MAX_PAGE = 100;

    private final Reports reports;

    ReportController(Reports reports) {
        this.reports = reports;
    }

    record NewReport(@NotBlank @Size(max = 500) String reason) {}

    record Decision(
            @NotBlank String action, @Size(max = 500) String reason) {}

    record Queue(List<Reports.Queued> reports, boolean hasMore) {}

    @PostMapping("/api/conversations/{conversationId}/messages/{messageId}/reports")
    @ResponseStatus(HttpStatus.CREATED)
    Reports.Filed report(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long conversationId,
            @PathVariable long messageId,
            @Valid @RequestBody NewReport body) {
        return reports.file(me.id(), conversationId, messageId, body.reason());
    }

    @GetMapping("/api/admin/reports")
    Queue queue(
            @RequestParam(defaultValue = "open") String state,
            @RequestParam(defaultValue = "0") long before,
            @RequestParam(defaultValue = "50") int limit) {
        if (!STATES.contains(state) || limit < 1 || limit > MAX_PAGE || before < 0) {
            throw ApiException.badRequest(
                    "invalid_parameter", "state is open, resolved or dismissed; limit 1–" + MAX_PAGE);
        }
        List<Reports.Queued> page = reports.queue(state, before, limit + 1);
        boolean more = page.size() > limit;
        return new Queue(more ? page.subList(0, limit) : page, more);
    }

    @PostMapping("/api/admin/reports/{id}/resolve")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void resolve(
            @AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id, @Valid @RequestBody Decision body) {
        reports.resolve(me.id(), id, body.action(), body.reason());
    }
}
