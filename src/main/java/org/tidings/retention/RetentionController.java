package org.tidings.retention;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;
import org.tidings.web.ApiException;

/**
 * Retention limits as ISO-8601 durations ({@code "P365D"}), null for none: the server's for
 * administrators (SecurityConfig guards /api/admin/), a group's for its owner.
 */
@RestController
class RetentionController {

    private final Retention retention;

    RetentionController(Retention retention) {
        this.retention = retention;
    }

    record Body(String retention) {}

    record Started(long jobId) {}

    @GetMapping("/api/admin/settings/retention")
    Retention.Limit server() {
        return Retention.Limit.of(retention.server().orElse(null));
    }

    @PutMapping("/api/admin/settings/retention")
    Retention.Limit setServer(@AuthenticationPrincipal AuthenticatedUser me, @RequestBody Body body) {
        Duration limit = parse(body);
        retention.setServer(me.id(), limit);
        return Retention.Limit.of(limit);
    }

    /** Runs retention now rather than at the next scheduled check; 409 if a run is under way. */
    @PostMapping("/api/admin/retention/run")
    ResponseEntity<Started> run(@AuthenticationPrincipal AuthenticatedUser me) {
        long id = retention
                .start(me.id())
                .orElseThrow(() -> ApiException.conflict("retention_running", "A retention run is queued or running"));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Started(id));
    }

    @GetMapping("/api/groups/{id}/retention")
    Retention.Limit group(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        return Retention.Limit.of(retention.group(me.id(), id).orElse(null));
    }

    @PutMapping("/api/groups/{id}/retention")
    Retention.Limit setGroup(
            @AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id, @RequestBody Body body) {
        Duration limit = parse(body);
        retention.setGroup(me.id(), id, limit);
        return Retention.Limit.of(limit);
    }

    private static Duration parse(Body body) {
        if (body == null || body.retention() == null) {
            return null;
        }
        try {
            return Duration.parse(body.retention());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(
                    "invalid_retention", "retention is an ISO-8601 duration such as P365D, or null for none");
        }
    }
}
