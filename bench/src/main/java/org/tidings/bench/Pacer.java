package org.tidings.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Sends at a fixed rate from one thread. Each message is stamped with the time it was due, not
 * the time it left, so a sender that falls behind shows up as latency instead of hiding it.
 */
final class Pacer {

    @FunctionalInterface
    interface Send {
        void send(long index, long dueNanos);
    }

    private Pacer() {}

    /** Sends {@code count} messages at {@code perSecond}; returns the start time. */
    static long run(long count, double perSecond, Send send) {
        long period = (long) (1_000_000_000L / perSecond);
        long start = System.nanoTime() + 1_000_000;
        for (long i = 0; i < count; i++) {
            long due = start + i * period;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            send.send(i, due);
        }
        return start;
    }
}
