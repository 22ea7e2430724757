package org.tidings.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.SqliteServer;
import org.tidings.web.ApiException;

/**
 * A write the database does not answer in time fails with 503 instead of hanging its caller, for a
 * blocking write and for a submitted one (a WebSocket send) alike; the writer goes on afterwards.
 * A write that holds the writer stands in for a stuck database.
 */
@SqliteServer
@TestPropertySource(properties = "tidings.stream.writer-timeout=1s")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WriterTimeoutSqliteTest {

    @Autowired
    EventLog log;

    @Test
    void writesPastTheirDeadlineFailWith503AndTheWriterGoesOn() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Integer> stuck = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                stuck.complete(log.write(tx -> {
                    holding.countDown();
                    awaitQuietly(release);
                    return 1;
                }));
            } catch (RuntimeException e) {
                stuck.completeExceptionally(e);
            }
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Integer> submitted = log.submit(
                (tx, requests) ->
                        requests.stream().map(r -> EventLog.Outcome.of(2)).toList(),
                "queued");
        long started = System.nanoTime();
        assertThatThrownBy(() -> log.write(tx -> 3))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status().value()).isEqualTo(503));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isBetween(900L, 5_000L);
        assertThatThrownBy(() -> log.await(submitted))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.code()).isEqualTo("unavailable"));

        // The write that held the writer is past its deadline too: its caller had its 503.
        assertThatThrownBy(() -> stuck.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(ApiException.class);
        release.countDown();
        int after = log.write(tx -> 4);
        assertThat(after).isEqualTo(4);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
