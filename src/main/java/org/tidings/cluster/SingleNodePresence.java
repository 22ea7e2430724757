package org.tidings.cluster;

import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/** A node alone: there is nowhere else to be online. */
@Component
@ClusterMode.SingleNode
class SingleNodePresence implements NodePresence {

    @Override
    public void track(Supplier<Set<Long>> onlineHere, Consumer<Set<Long>> wentOffline) {}

    @Override
    public void changed(long userId, boolean onlineHere) {}

    @Override
    public Set<Long> onlineElsewhere(Collection<Long> users) {
        return Set.of();
    }
}
