package org.tidings.storage;

import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Runs blocking work (JDBC, file IO) from reactive code on virtual threads, off the event loop. */
public final class Blocking {

    // fromExecutor, not fromExecutorService: a cancelled request (a client that hung up) must
    // not interrupt a running JDBC call. Interrupting closes the driver's socket (NIO), which
    // breaks the pooled connection and turns every abandoned poll into a reconnect to the database.
    private static final Scheduler VIRTUAL = Schedulers.fromExecutor(Executors.newVirtualThreadPerTaskExecutor());

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
