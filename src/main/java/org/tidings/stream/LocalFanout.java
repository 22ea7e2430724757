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

    LocalFanout(Hub hub) {
        this.hub = hub;
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
