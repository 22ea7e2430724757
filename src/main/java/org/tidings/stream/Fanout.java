package org.tidings.stream;

import java.util.Collection;
import java.util.List;

/**
 * How committed and ephemeral events reach this node's hub. A node alone hands its own commits
 * to the hub directly ({@link LocalFanout}); in a cluster the hub must also see every other
 * node's commits in position order, so it is fed only by a tailer reading the database
 * ({@link ClusterFanout}).
 */
interface Fanout {

    /**
     * Whether {@link #committed} needs each event's recipients. Working them out costs a query
     * per conversation event inside the write lock, so the writer skips it when they are not
     * used.
     */
    boolean needsRecipients();

    /** The writer committed these events (in position order); called right after the commit. */
    void committed(List<CommittedEvent> events);

    /** An ephemeral frame for whoever of these users is connected now, on any node. */
    void ephemeral(Collection<Long> users, Frame frame);
}
