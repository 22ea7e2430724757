package org.tidings.account;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

@ConfigurationProperties("tidings.accounts")
public record AccountSettings(
        // How long a browser session lasts after sign-in.
        @DefaultValue("30d") Duration sessionLifetime,
        // Argon2id cost, OWASP's minimum recommendation: 19 MiB of memory, 2 passes, 1 lane.
        // Argon2 rather than bcrypt because bcrypt ignores (Spring refuses) passwords over 72
        // bytes, and passwords may be 128 characters.
        @DefaultValue("19456") int argon2MemoryKib,
        @DefaultValue("2") int argon2Iterations,
        // Failed sign-ins allowed per username, then per client address, within the window.
        @DefaultValue("5") int maxFailuresPerUsername,
        @DefaultValue("20") int maxFailuresPerAddress,
        @DefaultValue("15m") Duration failureWindow,
        // Accounts one client address may create per hour.
        @DefaultValue("20") int maxRegistrationsPerAddress,
        // A session or token looked up once is trusted this long on this node; revocation on the
        // same node takes effect at once, on other nodes within this time.
        @DefaultValue("30s") Duration credentialCacheTtl) {}
