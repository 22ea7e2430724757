package org.tidings.stream;

import java.util.ArrayList;
import java.util.List;

/**
 * The hub's last published events with their recipients, so that a poll a few events behind is
 * answered from memory instead of the database. That poll is the usual one under load: a long
 * poller that was answered asks again, and when the next event is already out by then (in a
 * fan-out, the next message reaches the last of 1,000 pollers before they are back), its
 * cursor is behind. Each such poll read the database on a virtual thread; at 10 messages a
 * second to 1,000 pollers those reads took about a third of the server's core, which made more
 * polls arrive late: the tail fed itself.
 *
 * <p>Only a fast path over the database, which stays the truth: it covers the positions after
 * {@link #floor()}, every published event up there is here (the hub publishes every commit, in
 * position order), and its recipients are the ones live delivery used, which are the
 * subscriptions the database read would find. What could make it differ from the database, a
 * stored event rewritten (erasure) or pruned, makes the hub {@link #forget} it all first. Not
 * thread-safe: the hub calls it under its lock.
 */
final class RecentEvents {

    private CommittedEvent[] ring;
    // Index of the oldest event; the ring holds `size` events from there on.
    private int oldest;
    private int size;
    private volatile long floor;

    RecentEvents() {
        this.ring = new CommittedEvent[0];
    }

    /** Keeps the last {@code capacity} events from now on; zero keeps none. */
    void keep(int capacity, long position) {
        ring = new CommittedEvent[capacity];
        forget(position);
    }

    /** Every published event after this position is here. */
    long floor() {
        return floor;
    }

    void add(CommittedEvent event) {
        if (ring.length == 0) {
            floor = event.frame().position();
            return;
        }
        int slot = (oldest + size) % ring.length;
        if (size == ring.length) {
            floor = ring[oldest].frame().position();
            oldest = (oldest + 1) % ring.length;
        } else {
            size++;
        }
        ring[slot] = event;
    }

    /** Drops everything: from now on it covers only what is published after {@code position}. */
    void forget(long position) {
        java.util.Arrays.fill(ring, null);
        oldest = 0;
        size = 0;
        floor = position;
    }

    /**
     * The user's events with {@code after < position <= upTo}, in order, at most {@code limit};
     * null when some of them are no longer here.
     */
    List<Frame> after(long userId, long after, long upTo, int limit) {
        if (after < floor) {
            return null;
        }
        // Newest first back to the first event past the cursor: a poll is rarely far behind.
        int first = size;
        while (first > 0 && at(first - 1).frame().position() > after) {
            first--;
        }
        List<Frame> frames = new ArrayList<>();
        for (int i = first; i < size && frames.size() < limit; i++) {
            CommittedEvent event = at(i);
            if (event.frame().position() > upTo) {
                break;
            }
            if (contains(event.recipients(), userId)) {
                frames.add(event.frame());
            }
        }
        return frames;
    }

    private CommittedEvent at(int index) {
        return ring[(oldest + index) % ring.length];
    }

    private static boolean contains(long[] users, long userId) {
        for (long user : users) {
            if (user == userId) {
                return true;
            }
        }
        return false;
    }
}
