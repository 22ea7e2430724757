package org.tidings.social;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

@ConfigurationProperties("tidings.social")
public record SocialSettings(
        // Members one group may have, owner included. Every message fans out to each member's
        // stream and the member list is sent whole, so this bounds the cost of one send.
        @DefaultValue("10000") int maxGroupMembers) {}
