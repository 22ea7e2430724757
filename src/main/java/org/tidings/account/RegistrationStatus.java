package org.tidings.account;

import org.springframework.stereotype.Component;

/** The registration policy as other features may read it (the server page shows it). */
@Component
public class RegistrationStatus {

    private final Registrations registrations;

    RegistrationStatus(Registrations registrations) {
        this.registrations = registrations;
    }

    /** {@code open}, {@code invite} or {@code closed}, as the API spells it. */
    public String policy() {
        return registrations.policy().wire();
    }
}
