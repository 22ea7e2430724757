package org.tidings.moderation;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;

/** Administrators (SecurityConfig guards /api/admin/) deactivate, reactivate and erase accounts. */
@RestController
class DeactivationController {

    private final Deactivations deactivations;

    DeactivationController(Deactivations deactivations) {
        this.deactivations = deactivations;
    }

    record Started(long jobId) {}

    /**
     * Deactivates the account and starts a job that erases everything it sent; the job reports
     * progress on the administrator's stream and is read at {@code /api/jobs/{jobId}}.
     */
    @PostMapping("/api/admin/users/{id}/erase")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Started erase(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long id,
            @Valid @RequestBody(required = false) Reason body) {
        return new Started(deactivations.erase(me.id(), id, body == null ? null : body.reason()));
    }

    record Reason(@Size(max = 500) String reason) {}

    /** Idempotent: deactivating a deactivated account changes nothing. */
    @PostMapping("/api/admin/users/{id}/deactivate")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deactivate(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long id,
            @Valid @RequestBody(required = false) Reason body) {
        deactivations.deactivate(me.id(), id, body == null ? null : body.reason());
    }

    @PostMapping("/api/admin/users/{id}/reactivate")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void reactivate(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        deactivations.reactivate(me.id(), id);
    }
}
