package org.tidings.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * A client that hangs up cancels its request; the blocking work the request started must run on
 * uninterrupted (an interrupt closes the JDBC socket or the upload file it is using).
 */
class BlockingTest {

    private final CountDownLatch started = new CountDownLatch(1);
    private final CompletableFuture<Boolean> interrupted = new CompletableFuture<>();

    @Test
    void cancellingTheRequestDoesNotInterruptItsWork() throws Exception {
        cancelWhileWorking(Blocking.run(this::work).subscribe());
    }

    @Test
    void cancellingAPublishOnStreamDoesNotInterruptTheElementInHand() throws Exception {
        cancelWhileWorking(Flux.just(1)
                .publishOn(Blocking.scheduler())
                .doOnNext(one -> work())
                .subscribe());
    }

    private void cancelWhileWorking(Disposable request) throws Exception {
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        request.dispose();
        assertThat(interrupted.get(5, TimeUnit.SECONDS)).isFalse();
    }

    /** Half a second of work that notices an interrupt at once. */
    private void work() {
        started.countDown();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
        while (System.nanoTime() < until && !Thread.currentThread().isInterrupted()) {
            Thread.onSpinWait();
        }
        interrupted.complete(Thread.currentThread().isInterrupted());
    }
}
