package org.tidings.stream;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Component;
import org.tidings.storage.WriterDataSource;
import org.tidings.web.ApiException;
import reactor.core.scheduler.Schedulers;

/**
 * The single writer for everything that emits events. Writes queue here and one thread commits
 * them in batches (group commit): positions are drawn under a row lock on {@code stream_head},
 * so they commit in position order on SQLite and on PostgreSQL, across nodes too, and a reader
 * never passes a position whose transaction is still open. Events go to live connections only
 * after their commit.
 */
@Component
public class EventLog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventLog.class);

    /** A write the writer runs inside its current transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(WriteTx tx);
    }

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private record Pending<T>(Work<T> work, CompletableFuture<T> result) {}

    private final DataSource dataSource;
    private final EventJson json;
    private final Hub hub;
    private final Fanout fanout;
    private final StreamSettings settings;
    private final BlockingQueue<Pending<?>> queue;
    // Writer thread only.
    private final SubscriberCache subscribers = new SubscriberCache();
    private volatile Thread writer;
    private volatile boolean running;
    private volatile String epoch;

    EventLog(WriterDataSource writer, EventJson json, Hub hub, Fanout fanout, StreamSettings settings) {
        this.dataSource = writer.dataSource();
        this.json = json;
        this.hub = hub;
        this.fanout = fanout;
        this.settings = settings;
        this.queue = new ArrayBlockingQueue<>(settings.writerQueueCapacity());
    }

    /**
     * Runs {@code work} in a write transaction and returns its result once committed. Blocks
     * the calling (virtual) thread; never call it from an event loop.
     */
    public <T> T write(Work<T> work) {
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException("Nested write on the writer thread");
        }
        if (Schedulers.isInNonBlockingThread()) {
            throw new IllegalStateException("EventLog.write on non-blocking thread "
                    + Thread.currentThread().getName());
        }
        if (!running) {
            throw unavailable("The server is shutting down");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!queue.offer(new Pending<>(work, result))) {
            throw unavailable("Too many writes waiting; try again shortly");
        }
        try {
            // Bounded, so a stuck database fails requests with 503 instead of hanging them.
            return result.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unavailable("The database did not answer in time");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("Interrupted while writing");
        }
    }

    String epoch() {
        return epoch;
    }

    @Override
    public void start() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        epoch = jdbc.sql("SELECT epoch FROM stream_head WHERE id = 1")
                .query(String.class)
                .single();
        hub.start(jdbc.sql("SELECT position FROM stream_head WHERE id = 1")
                .query(Long.class)
                .single());
        running = true;
        writer = Thread.ofPlatform().name("tidings-writer").daemon(true).start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        Thread thread = writer;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<Pending<?>> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.result().completeExceptionally(unavailable("The server is shutting down")));
    }

    /** Before the web server opens (its phase is higher), after it closes on the way down. */
    @Override
    public int getPhase() {
        return 0;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        List<Pending<?>> batch = new ArrayList<>(settings.writerBatchSize());
        while (running) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, settings.writerBatchSize() - 1);
            try {
                commit(batch);
            } catch (Throwable e) {
                // Never let one bad batch kill the only writer: fail it and go on.
                log.error("writer failed batch size={}", batch.size(), e);
                batch.forEach(p -> p.result().completeExceptionally(e));
            }
            batch.clear();
        }
        // Finish what was accepted before the stop, so no caller waits forever.
        queue.drainTo(batch);
        if (!batch.isEmpty()) {
            commit(batch);
        }
    }

    private void commit(List<Pending<?>> batch) {
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        WriteTx tx;
        try (Connection connection = dataSource.getConnection();
                ReusedStatements statements = new ReusedStatements(connection)) {
            connection.setAutoCommit(false);
            try {
                tx = runAll(statements.connection(), batch, outcomes);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            subscribers.clear();
            log.error("write batch failed size={}", batch.size(), e);
            ApiException failure = new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "database_unavailable",
                    "The database is unavailable; nothing was changed, try again shortly");
            batch.forEach(p -> p.result().completeExceptionally(failure));
            return;
        }
        fanout.committed(tx.emitted());
        for (int i = 0; i < batch.size(); i++) {
            outcomes.get(i).complete(batch.get(i));
        }
    }

    private WriteTx runAll(Connection connection, List<Pending<?>> batch, List<Outcome> outcomes) throws SQLException {
        JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
        // Taking the row lock first serialises writers across nodes: positions commit in order.
        jdbc.sql("UPDATE stream_head SET position = position WHERE id = 1").update();
        long head = jdbc.sql("SELECT position FROM stream_head WHERE id = 1")
                .query(Long.class)
                .single();
        WriteTx tx =
                new WriteTx(jdbc, json, subscribers, epoch, head, System.currentTimeMillis(), fanout.needsRecipients());
        for (Pending<?> pending : batch) {
            Savepoint savepoint = connection.setSavepoint();
            int mark = tx.mark();
            long markPosition = tx.position();
            try {
                outcomes.add(Outcome.success(pending.work().run(tx)));
                connection.releaseSavepoint(savepoint);
            } catch (RuntimeException e) {
                connection.rollback(savepoint);
                tx.rollbackTo(mark, markPosition);
                subscribers.clear();
                outcomes.add(Outcome.failure(e));
            }
        }
        if (tx.position() != head) {
            jdbc.sql("UPDATE stream_head SET position = ? WHERE id = 1")
                    .param(tx.position())
                    .update();
        }
        return tx;
    }

    private record Outcome(Object value, Throwable error) {
        static Outcome success(Object value) {
            return new Outcome(value, null);
        }

        static Outcome failure(Throwable error) {
            return new Outcome(null, error);
        }

        @SuppressWarnings("unchecked")
        void complete(Pending<?> pending) {
            CompletableFuture<Object> future = (CompletableFuture<Object>) pending.result();
            if (error != null) {
                future.completeExceptionally(error);
            } else {
                future.complete(value);
            }
        }
    }

    private static ApiException unavailable(String detail) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", detail);
    }
}
