package org.tidings.stream;

import java.util.Collection;
import org.springframework.stereotype.Component;

/**
 * Ephemeral events (typing, presence, progress): delivered to the live connections open right
 * now, never stored, never replayed. For anything a client must not miss, use {@link EventLog}.
 */
@Component
public class LiveEvents {

    private final Fanout fanout;
    private final EventJson json;

    LiveEvents(Fanout fanout, EventJson json) {
        this.fanout = fanout;
        this.json = json;
    }

    public void send(Collection<Long> userIds, String type, Object data) {
        if (!userIds.isEmpty()) {
            fanout.ephemeral(userIds, json.ephemeral(type, data));
        }
    }
}
