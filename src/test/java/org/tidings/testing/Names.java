package org.tidings.testing;

import java.util.concurrent.atomic.AtomicLong;

/** Unique names, so tests sharing one server never collide. */
public final class Names {

    private static final AtomicLong COUNTER = new AtomicLong(System.nanoTime() % 1_000_000);

    private Names() {}

    public static String unique(String prefix) {
        String base = prefix.toLowerCase().replaceAll("[^a-z0-9]", "");
        if (base.length() > 20) {
            base = base.substring(0, 20);
        }
        return base + "_" + Long.toString(COUNTER.incrementAndGet(), 36);
    }
}
