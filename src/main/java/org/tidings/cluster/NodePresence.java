package org.tidings.cluster;

import java.util.Collection;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Who is online on the other nodes. Each node says who is online on it; the others count those
 * users online until that node's word expires, so a node that dies stops counting within
 * {@link ClusterSettings#nodeTimeout()}.
 */
public interface NodePresence {

    /**
     * Where this node's own online users come from (read at every heartbeat), and who to tell
     * about the users of a node that died (called on one node only, once that node timed out).
     */
    void track(Supplier<Set<Long>> onlineHere, Consumer<Set<Long>> wentOffline);

    /** A user came online or went offline on this node. Never blocks. */
    void changed(long userId, boolean onlineHere);

    /** Those of {@code users} who are online on another live node. Blocks on Redis briefly. */
    Set<Long> onlineElsewhere(Collection<Long> users);
}
