package org.tidings.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

class BlockingTest {

    /**
     * A client that hangs up cancels its request; the blocking work the request started must run
     * on uninterrupted (an interrupt closes the JDBC socket or the upload file it is using).
     */
    @Test
    void cancellingTheRequestDoesNotInterruptItsWork() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Disposable request = Blocking.run(() -> {
                    started.countDown();
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                    while (System.nanoTime() < until && !Thread.currentThread().isInterrupted()) {
                        Thread.onSpinWait();
                    }
                    interrupted.complete(Thread.currentThread().isInterrupted());
                })
                .subscribe();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        request.dispose();
        assertThat(interrupted.get(5, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void cancellingAPublishOnStreamDoesNotInterruptTheElementInHand() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
        Disposable request = reactor.core.publisher.Flux.just(1)
                .publishOn(Blocking.scheduler())
                .doOnNext(one -> {
                    started.countDown();
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                    while (System.nanoTime() < until && !Thread.currentThread().isInterrupted()) {
                        Thread.onSpinWait();
                    }
                    interrupted.complete(Thread.currentThread().isInterrupted());
                })
                .subscribe();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        request.dispose();
        assertThat(interrupted.get(5, TimeUnit.SECONDS)).isFalse();
    }
}
