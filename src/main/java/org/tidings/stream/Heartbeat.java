package org.tidings.stream;

import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.scheduler.Schedulers;

/**
 * One shared ticker for every open stream's keep-alive, instead of a timer per connection:
 * thousands of idle streams cost one set entry each, and each tick is one task per event loop
 * that beats all of that loop's streams, on the thread that owns their sockets.
 */
@Component
class Heartbeat implements DisposableBean {

    /** A stream that wants a keep-alive on its loop every period. */
    interface Beating {
        EventExecutor loop();

        /** Runs on {@link #loop()}. */
        void beat();
    }

    private final Set<Beating> streams = ConcurrentHashMap.newKeySet();
    private final Disposable ticker;

    Heartbeat(StreamSettings settings) {
        long period = settings.heartbeat().toMillis();
        this.ticker = Schedulers.parallel().schedulePeriodically(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    void add(Beating stream) {
        streams.add(stream);
    }

    void remove(Beating stream) {
        streams.remove(stream);
    }

    private void tick() {
        Map<EventExecutor, List<Beating>> byLoop = new IdentityHashMap<>();
        for (Beating stream : streams) {
            byLoop.computeIfAbsent(stream.loop(), loop -> new ArrayList<>()).add(stream);
        }
        byLoop.forEach((loop, beating) -> {
            try {
                loop.execute(() -> beating.forEach(Beating::beat));
            } catch (RejectedExecutionException e) {
                // The loop is shutting down with the server; its streams end with it.
            }
        });
    }

    @Override
    public void destroy() {
        ticker.dispose();
    }
}
