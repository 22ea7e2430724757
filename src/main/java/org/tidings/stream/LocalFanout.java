package org.tidings.stream;

import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;
import org.tidings.cluster.ClusterMode;

/** One node: its writer is the only one, so its commits go straight to its hub. */
@Component
@ClusterMode.SingleNode
class LocalFanout implements Fanout {

    private final Hub hub;

    LocalFanout(Hub hub, StreamSettings settings) {
        this.hub = hub;
        // Every change to a stored event passes this node's writer, which makes the hub forget
        // its recent events first; in a cluster another node's writer would not.
        hub.keepRecent(settings.recentEvents());
    }

    @Override
    public boolean needsRecipients() {
        return true;
    }

    @Override
    public void committed(List<CommittedEvent> events) {
        hub.publish(events);
    }

    @Override
    public void ephemeral(Collection<Long> users, Frame frame) {
        hub.sendEphemeral(users, frame);
    }
}
