package org.tidings.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often the retention job is started, and the shortest retention anyone may set (a day: a
 * mistyped value must not erase a week of history within the hour).
 */
@ConfigurationProperties("tidings.retention")
record RetentionSettings(
        @DefaultValue("1h") Duration checkInterval,
        @DefaultValue("1d") Duration minimum) {}
