package org.tidings.social;

import java.util.Locale;

/** A member's role. Direct conversations have two {@link #MEMBER}s. */
enum Role {
    OWNER,
    ADMIN,
    MEMBER;

    static Role of(String stored) {
        return valueOf(stored.toUpperCase(Locale.ROOT));
    }

    /** As stored and as the API shows it. */
    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    boolean managesMembers() {
        return this != MEMBER;
    }

    /** The owner removes anyone but themself; an admin removes plain members only. */
    boolean canRemove(Role target) {
        return switch (this) {
            case OWNER -> target != OWNER;
            case ADMIN -> target == MEMBER;
            case MEMBER -> false;
        };
    }
}
