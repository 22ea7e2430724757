package org.tidings.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.tidings.stream.EventLog;

/** Lines writes up so that the single writer takes them in one batch. */
public final class OneBatch {

    private OneBatch() {}

    /**
     * Runs the calls while the writer is held inside another write, waits until all of them are
     * queued behind it, then lets the writer go: they are drained as one batch. Returns once
     * every call finished, failed or not.
     */
    public static <T> List<Future<T>> run(EventLog log, List<Callable<T>> calls) throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> hold = threads.submit(() -> log.write(tx -> {
                holding.countDown();
                try {
                    return release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            List<Future<T>> answers = new ArrayList<>();
            for (Callable<T> call : calls) {
                answers.add(threads.submit(call));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (log.waiting() < calls.size()) {
                assertThat(System.nanoTime())
                        .as("writes queued behind the writer")
                        .isLessThan(deadline);
                Thread.sleep(5);
            }
            release.countDown();
            hold.get(10, TimeUnit.SECONDS);
            for (Future<T> answer : answers) {
                try {
                    answer.get(20, TimeUnit.SECONDS);
                } catch (ExecutionException failed) {
                    // The caller looks at each answer.
                }
            }
            return answers;
        }
    }
}
