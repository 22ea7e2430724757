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

/**
 * The registration policy: anyone may read it (the sign-up page says which applies), only
 * administrators change it or manage invite codes (SecurityConfig guards /api/admin/).
 */
@RestController
class RegistrationController {

    private final Registrations registrations;

    RegistrationController(Registrations registrations) {
        this.registrations = registrations;
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
    PolicyView setPolicy(@Valid @RequestBody PolicyBody body) {
        RegistrationPolicy policy = RegistrationPolicy.of(body.policy());
        registrations.setPolicy(policy);
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
        return registrations.createInvite(me.id(), Duration.ofHours(body.expiresInHours()), body.maxUses());
    }

    @DeleteMapping("/api/admin/invites/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void deleteInvite(@PathVariable long id) {
        registrations.deleteInvite(id);
    }
}
