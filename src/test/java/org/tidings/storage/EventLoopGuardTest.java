package org.tidings.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteDataSource;
import reactor.netty.resources.LoopResources;

/** JDBC on a Netty event loop must fail loudly; on a virtual thread it must work. */
class EventLoopGuardTest {

    private final EventLoopGuard dataSource = new EventLoopGuard(memory(), 2, 1000);

    private static SQLiteDataSource memory() {
        SQLiteDataSource sqlite = new SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite::memory:");
        return sqlite;
    }

    @Test
    void refusesConnectionsOnReactorNettyEventLoops() throws Exception {
        LoopResources loops = LoopResources.create("guard-test", 1, true);
        try {
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            loops.onServer(false).next().execute(() -> {
                try (Connection ignored = dataSource.getConnection()) {
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            assertThat(outcome.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("non-blocking thread");
        } finally {
            loops.disposeLater().block();
        }
    }

    @Test
    void allowsConnectionsOnVirtualThreads() throws Exception {
        Boolean valid = Blocking.call(() -> {
                    try (Connection connection = dataSource.getConnection()) {
                        return connection.isValid(1);
                    }
                })
                .block();
        assertThat(valid).isTrue();
    }
}
