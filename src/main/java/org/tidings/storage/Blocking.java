package org.tidings.storage;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** Runs blocking work (JDBC, file IO) from reactive code on virtual threads, off the event loop. */
public final class Blocking {

    // A cancelled request (a client that hung up) must not interrupt the work it started:
    // interrupting closes the NIO channel the thread is using (a JDBC driver's socket, an upload's
    // file, which then cannot be forced before its offset is saved). Reactor interrupts on cancel
    // when it is handed an ExecutorService, even through fromExecutor, so it gets a bare Executor.
    private static final Executor THREADS = Executors.newVirtualThreadPerTaskExecutor()::execute;

    private static final Scheduler VIRTUAL = Schedulers.fromExecutor(THREADS);

    private Blocking() {}

    public static <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(VIRTUAL);
    }

    public static Mono<Void> run(Runnable work) {
        return Mono.<Void>fromRunnable(work).subscribeOn(VIRTUAL);
    }

    /** The virtual threads themselves, for a {@code CompletableFuture} stage that blocks. */
    public static Executor executor() {
        return THREADS;
    }

    public static Scheduler scheduler() {
        return VIRTUAL;
    }
}
