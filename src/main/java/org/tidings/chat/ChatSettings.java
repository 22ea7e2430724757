package org.tidings.chat;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

@ConfigurationProperties("tidings.chat")
public record ChatSettings(
        // Message length after trimming, in characters (code points).
        @DefaultValue("4000") int maxMessageChars,
        // Per-user send rate: a burst of this many, then sendRefillPerSecond a second. Generous
        // for people, tight for a script flooding a group.
        @DefaultValue("30") int sendBurst,
        @DefaultValue("10") int sendRefillPerSecond,
        // One typing event per user and conversation this often at most.
        @DefaultValue("2s") Duration typingInterval,
        // A long poll counts as "online" this long after it was made, times its wait.
        @DefaultValue("2") int pollPresenceFactor) {}
