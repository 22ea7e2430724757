package org.tidings.account;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

@ConfigurationProperties("tidings.admin")
public record AdminSettings(
        // Usernames made administrators at start (TIDINGS_ADMINS, comma-separated), and at sign-up
        // if the account does not exist yet, so an operator can name the admin before creating it.
        @DefaultValue List<String> usernames,
        // Server invite codes an administrator may create are limited to this many uses and this
        // lifetime, so a forgotten code does not stay a way in for ever.
        @DefaultValue("1000") int maxInviteUses,
        @DefaultValue("90d") java.time.Duration maxInviteLifetime) {

    boolean names(String username) {
        String normalized = Accounts.normalize(username);
        return usernames.stream()
                .anyMatch(name -> Accounts.normalize(name.strip()).equals(normalized));
    }
}
