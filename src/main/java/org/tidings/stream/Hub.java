package org.tidings.stream;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.stereotype.Component;

/**
 * This node's live connections by user, and the position up to which every event is committed
 * and delivered to them. Registration and publication share one lock, which is what makes
 * "catch up from the database to {@link Registration#startPosition()}, then go live" gapless:
 * an event is either at or below the start position (so in the database) or delivered live.
 */
@Component
class Hub {

    /** A live connection's inbox. {@code offer} must never block: it runs inside the fan-out. */
    interface Listener {
        /** Returns false when the connection's buffer is full. */
        boolean offer(Frame frame);

        /** Called once the buffer overflowed: the connection closes and the client resumes. */
        void overflow();
    }

    record Registration(long userId, Listener listener, long startPosition) {}

    private static final Listener[] NONE = new Listener[0];

    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentHashMap<Long, Listener[]> byUser = new ConcurrentHashMap<>();
    private volatile long position;

    void start(long committedPosition) {
        lock.lock();
        try {
            position = Math.max(position, committedPosition);
        } finally {
            lock.unlock();
        }
    }

    long position() {
        return position;
    }

    Registration register(long userId, Listener listener) {
        lock.lock();
        try {
            byUser.merge(userId, new Listener[] {listener}, Hub::concat);
            return new Registration(userId, listener, position);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the position at unregistration: every event up to it was offered to the listener
     * (it was registered from its start position on), none after it will be.
     */
    long unregister(Registration registration) {
        lock.lock();
        try {
            byUser.computeIfPresent(registration.userId(), (user, listeners) -> {
                Listener[] rest = Arrays.stream(listeners)
                        .filter(l -> l != registration.listener())
                        .toArray(Listener[]::new);
                return rest.length == 0 ? null : rest;
            });
            return position;
        } finally {
            lock.unlock();
        }
    }

    int connections(long userId) {
        return byUser.getOrDefault(userId, NONE).length;
    }

    boolean isOnline(long userId) {
        return byUser.containsKey(userId);
    }

    /** Delivers committed events in position order; called after their transaction commits. */
    void publish(Collection<CommittedEvent> events) {
        lock.lock();
        try {
            for (CommittedEvent event : events) {
                position = event.frame().position();
                for (long user : event.recipients()) {
                    deliver(byUser.getOrDefault(user, NONE), event.frame());
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Ephemeral events go to whoever is connected now and are never replayed. */
    void sendEphemeral(Collection<Long> users, Frame frame) {
        for (long user : users) {
            deliver(byUser.getOrDefault(user, NONE), frame);
        }
    }

    private static void deliver(Listener[] listeners, Frame frame) {
        for (Listener listener : listeners) {
            if (!listener.offer(frame)) {
                listener.overflow();
            }
        }
    }

    private static Listener[] concat(Listener[] a, Listener[] b) {
        Listener[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
