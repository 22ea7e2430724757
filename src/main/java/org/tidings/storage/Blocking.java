package org.tidings.storage;

import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Runs blocking work (JDBC, file IO) from reactive code on virtual threads, off the event loop. */
public final class Blocking {

    private static final Scheduler VIRTUAL =
            Schedulers.fromExecutorService(Executors.newVirtualThreadPerTaskExecutor(), "tidings-blocking");

    private Blocking() {}

    public static <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(VIRTUAL);
    }

    public static Mono<Void> run(Runnable work) {
        return Mono.<Void>fromRunnable(work).subscribeOn(VIRTUAL);
    }

    public static Scheduler scheduler() {
        return VIRTUAL;
    }
}
