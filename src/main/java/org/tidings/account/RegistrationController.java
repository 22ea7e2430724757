package org.tidings.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.audit.AuditLog;

/**
 * The registration policy: anyone may read it (the sign-up page says which applies), only
 * administrators change it or manage invite codes (SecurityConfig guards /api/admin/).
 */
@RestController
class RegistrationController {

    private final Registrations registrations;
    private final AuditLog audit;

    RegistrationController(Registrations registrations, AuditLog audit) {
        this.registrations = registrations;
        this.audit = audit;
    }

    record PolicyBody(@NotNull String policy) {}

    record PolicyView(RegistrationPolicy policy) {}

    record NewInvite(
            @NotNull Integer expiresInHours, @NotNull Integer maxUses) {}

    @GetMapping({"/api/auth/registration", "/api/admin/settings/registration"})
    PolicyView policy() {
        return new PolicyView(registrations.policy());
    }

    @PutMapping("/api/admin/settings/registration")
    PolicyView setPolicy(@AuthenticationPrincipal AuthenticatedUser me, @Valid @RequestBody PolicyBody body) {
        RegistrationPolicy policy = RegistrationPolicy.of(body.policy());
        registrations.setPolicy(policy);
        audit.record(new AuditLog.Action(me.id(), "registration.policy", "server", null, body.policy()));
        return new PolicyView(policy);
    }

    @GetMapping("/api/admin/invites")
    List<Registrations.Invite> invites() {
        return registrations.invites();
    }

    @PostMapping("/api/admin/invites")
    @ResponseStatus(HttpStatus.CREATED)
    Registrations.Invite createInvite(
            @AuthenticationPrincipal AuthenticatedUser me, @Valid @RequestBody NewInvite body) {
        Registrations.Invite invite =
                registrations.createInvite(me.id(), Duration.ofHours(body.expiresInHours()), body.maxUses());
        audit.record(new AuditLog.Action(me.id(), "server_invite.create", "server_invite", invite.id(), null));
        return invite;
    }

    @DeleteMapping("/api/admin/invites/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteInvite(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        registrations.deleteInvite(id);
        audit.record(new AuditLog.Action(me.id(), "server_invite.delete", "server_invite", id, null));
    }
}
