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
        @DefaultValue("2") int pollPresenceFactor,
        // How long after sending a message its sender may still edit it; unset: no limit (as in
        // Zulip's default). Deleting is never limited: erasing what you wrote is always allowed.
        Duration editWindow,
        // Per-user reaction rate (adding and removing): a burst, then this many a second. A person
        // clicks a few; a script toggling emoji to spam every member's stream is cut off.
        @DefaultValue("30") int reactionBurst,
        @DefaultValue("5") int reactionRefillPerSecond,
        // At most one member.read event per reader and conversation this often; the latest
        // position is sent when the interval ends, so receipts lag by this much at worst.
        @DefaultValue("2s") Duration readReceiptInterval) {}
