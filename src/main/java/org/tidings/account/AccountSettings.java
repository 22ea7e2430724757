package org.tidings.account;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

@ConfigurationProperties("tidings.accounts")
public record AccountSettings(
        // How long a browser session lasts after sign-in.
        @DefaultValue("30d") Duration sessionLifetime,
        // bcrypt cost: 10 is Spring Security's default, about 60 ms a hash on one core here.
        @DefaultValue("10") int bcryptStrength,
        // Failed sign-ins allowed per username, then per client address, within the window.
        @DefaultValue("5") int maxFailuresPerUsername,
        @DefaultValue("20") int maxFailuresPerAddress,
        @DefaultValue("15m") Duration failureWindow,
        // A session or token looked up once is trusted this long on this node; revocation on the
        // same node takes effect at once, on other nodes within this time.
        @DefaultValue("30s") Duration credentialCacheTtl) {}
