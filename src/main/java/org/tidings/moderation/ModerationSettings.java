package org.tidings.moderation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How many reports one member may file: a burst, then one more per {@code reportRefill}. */
@ConfigurationProperties("tidings.moderation")
record ModerationSettings(
        @DefaultValue("5") int reportBurst,
        @DefaultValue("10m") Duration reportRefill) {}
