package org.tidings.stream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
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

    /** A live connection (LiveStream) or a long-poll waiter. {@code offer} must never block: it runs inside the fan-out. */
    interface Listener {
        /** Returns false when the connection's buffer is full. */
        boolean offer(Frame frame);

        /** Called once the buffer overflowed: the connection closes and the client resumes. */
        void overflow();

        /**
         * The thread that writes to this connection's socket (its Netty event loop), or null to
         * be offered frames at once on the publishing thread. A listener with a loop is offered
         * its frames by a task on that loop, one task per loop and publication, so the socket
         * write happens right there instead of each connection waking its loop for each frame.
         */
        default Executor loop() {
            return null;
        }

        /**
         * Called on the listener's loop after a publication's frames were offered to it: a
         * connection writes each frame as it is offered and flushes once here, in a task queued
         * behind the delivery so that replies queued meanwhile (a send's ack) leave in the same write.
         */
        default void flush() {}
    }

    record Registration(long userId, Listener listener, long startPosition) {}

    private static final Listener[] NONE = new Listener[0];

    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentHashMap<Long, Listener[]> byUser = new ConcurrentHashMap<>();
    private volatile long position;
    private final RecentEvents recent = new RecentEvents();
    // The last task queued on each loop, while the loop has not started it (see dispatch).
    private final ConcurrentHashMap<Executor, LoopBatch> queued = new ConcurrentHashMap<>();

    void start(long committedPosition) {
        lock.lock();
        try {
            position = Math.max(position, committedPosition);
            recent.forget(position);
        } finally {
            lock.unlock();
        }
    }

    long position() {
        return position;
    }

    /**
     * Keeps the last {@code capacity} published events in memory for {@link #recent}. Only where
     * every change to a stored event passes {@link #forgetRecent} first (one node: its writer).
     */
    void keepRecent(int capacity) {
        lock.lock();
        try {
            recent.keep(capacity, position);
        } finally {
            lock.unlock();
        }
    }

    /** A stored event was rewritten or pruned: what is kept in memory may no longer match it. */
    void forgetRecent() {
        lock.lock();
        try {
            recent.forget(position);
        } finally {
            lock.unlock();
        }
    }

    /** Every published event after this position is in memory (see {@link #recent}). */
    long recentFloor() {
        return recent.floor();
    }

    /**
     * The user's published events with {@code after < position <= upTo}, in order, at most
     * {@code limit}, from memory; null when they are not all there any more.
     */
    List<Frame> recent(long userId, long after, long upTo, int limit) {
        lock.lock();
        try {
            return recent.after(userId, after, upTo, limit);
        } finally {
            lock.unlock();
        }
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

    /**
     * Delivers committed events in position order; called after their transaction commits. The
     * loop tasks are queued under the lock, so each loop receives publications in order.
     */
    void publish(Collection<CommittedEvent> events) {
        lock.lock();
        try {
            Deliveries deliveries = new Deliveries();
            for (CommittedEvent event : events) {
                position = event.frame().position();
                recent.add(event);
                for (long user : event.recipients()) {
                    deliveries.add(byUser.getOrDefault(user, NONE), event.frame());
                }
            }
            deliveries.dispatch();
        } finally {
            lock.unlock();
        }
    }

    /** Ephemeral events go to whoever is connected now and are never replayed. */
    void sendEphemeral(Collection<Long> users, Frame frame) {
        lock.lock();
        try {
            Deliveries deliveries = new Deliveries();
            for (long user : users) {
                deliveries.add(byUser.getOrDefault(user, NONE), frame);
            }
            deliveries.dispatch();
        } finally {
            lock.unlock();
        }
    }

    private static void offer(Listener listener, Frame frame) {
        if (!listener.offer(frame)) {
            listener.overflow();
        }
    }

    /**
     * One publication's frames: offered at once to listeners without a loop (long-poll waiters,
     * which must hold every event up to the position when they unregister), gathered per loop
     * for the others and handed to each loop as one task.
     */
    private final class Deliveries {
        private final Map<Executor, LoopBatch> byLoop = new IdentityHashMap<>();

        void add(Listener[] listeners, Frame frame) {
            for (Listener listener : listeners) {
                Executor loop = listener.loop();
                if (loop == null) {
                    offer(listener, frame);
                } else {
                    byLoop.computeIfAbsent(loop, l -> new LoopBatch()).add(listener, frame);
                }
            }
        }

        void dispatch() {
            byLoop.forEach(Hub.this::dispatch);
        }
    }

    /**
     * Hands a publication's frames for one loop to that loop. While the task of an earlier
     * publication still waits in the loop's queue (the loop is busy: frames come faster than it
     * writes them), they join that task instead of queueing their own: a connection then gets
     * the frames of several publications with one flush, one socket write instead of one per
     * publication. An idle loop runs the task at once, so this adds no wait. Under the lock, so
     * the task that frames join is the last one queued for the loop and the order holds.
     */
    private void dispatch(Executor loop, LoopBatch batch) {
        LoopBatch waiting = queued.get(loop);
        if (waiting != null && waiting.join(batch)) {
            return;
        }
        queued.put(loop, batch);
        try {
            loop.execute(() -> {
                batch.close();
                queued.remove(loop, batch);
                batch.deliver();
                // Flushed by a later task on the loop, so what the tasks queued meanwhile write
                // (the acks of the sends this publication carries, queued by the writer right
                // after it) leaves with these frames in one socket write per connection.
                try {
                    loop.execute(batch::flush);
                } catch (RejectedExecutionException e) {
                    // The loop is shutting down: flush now rather than leave the frames unsent.
                    batch.flush();
                }
            });
        } catch (RejectedExecutionException e) {
            // A loop shutting down with the server: offer here rather than let a committed write
            // look failed to its sender.
            queued.remove(loop, batch);
            batch.close();
            batch.deliver();
            batch.flush();
        }
    }

    /**
     * The frames one loop task delivers: listener and frame, alternating (one list per loop
     * instead of a pair object per delivery). Publications append to it until the loop starts it.
     */
    private static final class LoopBatch {
        private List<Object> pending = new ArrayList<>();
        private boolean closed;

        void add(Listener listener, Frame frame) {
            pending.add(listener);
            pending.add(frame);
        }

        /** Appends a later publication's frames, unless the loop has already started this task. */
        synchronized boolean join(LoopBatch later) {
            if (closed) {
                return false;
            }
            pending.addAll(later.pending);
            return true;
        }

        synchronized void close() {
            closed = true;
        }

        /** On the loop, after {@link #close}: offers every frame in order. */
        void deliver() {
            List<Object> frames = pending;
            for (int i = 0; i < frames.size(); i += 2) {
                offer((Listener) frames.get(i), (Frame) frames.get(i + 1));
            }
        }

        /** On the loop, after {@link #deliver}: flushes each listener once. */
        void flush() {
            List<Object> frames = pending;
            for (int i = 0; i < frames.size(); i += 2) {
                ((Listener) frames.get(i)).flush();
            }
        }
    }

    private static Listener[] concat(Listener[] a, Listener[] b) {
        Listener[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
