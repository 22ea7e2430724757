package org.tidings.stream;

import java.util.Collection;
import org.springframework.stereotype.Component;

/**
 * Ephemeral events (typing, presence, progress): delivered to the live connections open right
 * now, never stored, never replayed. For anything a client must not miss, use {@link EventLog}.
 */
@Component
public class LiveEvents {

    private final Hub hub;
    private final EventJson json;

    LiveEvents(Hub hub, EventJson json) {
        this.hub = hub;
        this.json = json;
    }

    public void send(Collection<Long> userIds, String type, Object data) {
        if (!userIds.isEmpty()) {
            hub.sendEphemeral(userIds, json.ephemeral(type, data));
        }
    }
}
