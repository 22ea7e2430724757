package org.tidings.stream;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
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

    /**
     * Writes of one kind that the writer runs together: the consecutive ones in a batch reach
     * {@link #run} as one list, so they can share their statements (a multi-row insert, one
     * update per conversation) instead of paying a few round trips and a savepoint each.
     */
    @FunctionalInterface
    public interface Group<R, T> {
        /**
         * Runs the requests in order inside the current transaction and returns one outcome per
         * request, in the same order. A request that fails must leave nothing behind (check
         * before writing), so the others commit. Throwing fails none of them yet: the writer
         * rolls the group back and runs each request alone, with its own savepoint.
         */
        List<Outcome<T>> run(WriteTx tx, List<R> requests);
    }

    /** What one request of a {@link Group} came to: a value, or the exception its caller gets. */
    public record Outcome<T>(T value, RuntimeException error) {
        public static <T> Outcome<T> of(T value) {
            return new Outcome<>(value, null);
        }

        public static <T> Outcome<T> failed(RuntimeException error) {
            return new Outcome<>(null, error);
        }
    }

    // How often the watchdog looks for writes past their deadline: a timeout may come this late.
    private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

    private static final Pending<?>[] NOTHING = new Pending<?>[0];

    /**
     * A queued write: either {@code work}, or {@code request} for {@code group}; it fails with 503
     * if not done by {@code deadline} ({@link System#nanoTime}).
     */
    private record Pending<T>(
            Work<T> work, Group<Object, T> group, Object request, CompletableFuture<T> result, long deadline) {

        Pending(Work<T> work, Group<Object, T> group, Object request, Duration timeout) {
            this(work, group, request, new CompletableFuture<>(), System.nanoTime() + timeout.toNanos());
        }
    }

    private final DataSource dataSource;
    // Writer thread only: its connection and prepared statements, kept from batch to batch (a
    // batch prepares nothing the ones before it already did), dropped after a failed batch.
    private Connection connection;
    private ReusedStatements statements;
    private boolean postgres;
    private final EventJson json;
    private final Hub hub;
    private final Fanout fanout;
    private final StreamSettings settings;
    private final BlockingQueue<Pending<?>> queue;
    // Writer thread only.
    private final SubscriberCache subscribers = new SubscriberCache();
    private volatile Thread writer;
    private volatile Thread watchdog;
    // The batch the writer is running, for the watchdog to see.
    private volatile Pending<?>[] committing = NOTHING;
    private volatile boolean running;
    private volatile String epoch;
    private final DistributionSummary batchSizes;
    private final Timer commits;

    EventLog(
            WriterDataSource writer,
            EventJson json,
            Hub hub,
            Fanout fanout,
            StreamSettings settings,
            MeterRegistry meters) {
        this.batchSizes = DistributionSummary.builder("tidings.writer.batch.size")
                .description("Writes committed together in one transaction (group commit)")
                .publishPercentileHistogram()
                .register(meters);
        this.commits = Timer.builder("tidings.writer.commit")
                .description("One batch: from taking the head lock to the commit, fsync included")
                .publishPercentileHistogram()
                .register(meters);
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
        mayBlock();
        return await(offer(new Pending<>(work, null, null, settings.writerTimeout())));
    }

    /**
     * Runs {@code request} as part of {@code group} (together with the group's other requests
     * in the same batch) and returns its result once committed. Blocks like {@link #write}.
     */
    public <R, T> T write(Group<R, T> group, R request) {
        mayBlock();
        return await(submit(group, request));
    }

    /**
     * Queues {@code request} like {@link #write(Group, Object)} without waiting: the future
     * completes on the writer thread once the batch has committed (or failed), so a caller on an
     * event loop can answer from there without a thread of its own waiting for the commit. It
     * fails at once with 503 if the server is stopping or too many writes wait, and after
     * {@code tidings.stream.writer-timeout} if the database does not answer.
     */
    @SuppressWarnings("unchecked")
    public <R, T> CompletableFuture<T> submit(Group<R, T> group, R request) {
        return offer(new Pending<>(null, (Group<Object, T>) group, request, settings.writerTimeout()));
    }

    private <T> CompletableFuture<T> offer(Pending<T> pending) {
        if (!running) {
            return CompletableFuture.failedFuture(unavailable("The server is shutting down"));
        }
        if (!queue.offer(pending)) {
            return CompletableFuture.failedFuture(unavailable("Too many writes waiting; try again shortly"));
        }
        return pending.result();
    }

    /**
     * Fails the writes past their deadline with 503, so a stuck database fails requests instead
     * of hanging them (their writes may still commit later, as before the timeout). One thread
     * looking once a second, because a timer per write (orTimeout) cost a scheduler wake-up per
     * send and per commit: about a twentieth of the server's CPU under a send load.
     */
    private void watch() {
        while (running) {
            try {
                Thread.sleep(WATCH_INTERVAL);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Pending<?> pending : committing) {
                expire(pending, now);
            }
            // Queued in order of their deadlines: the first one still in time ends the look.
            for (Pending<?> pending : queue) {
                if (!expire(pending, now)) {
                    break;
                }
            }
        }
    }

    private static boolean expire(Pending<?> pending, long now) {
        if (now - pending.deadline() < 0) {
            return false;
        }
        pending.result().completeExceptionally(unavailable("The database did not answer in time"));
        return true;
    }

    /**
     * Waits for a submitted write on the calling (virtual) thread and returns its result, or
     * throws what it failed with.
     */
    public <T> T await(CompletableFuture<T> result) {
        mayBlock();
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("Interrupted while writing");
        }
    }

    private void mayBlock() {
        if (Thread.currentThread() == writer) {
            throw new IllegalStateException("Nested write on the writer thread");
        }
        if (Schedulers.isInNonBlockingThread()) {
            throw new IllegalStateException("EventLog.write on non-blocking thread "
                    + Thread.currentThread().getName());
        }
    }

    /** What a failed write throws to its caller (a future's stage wraps it in a CompletionException). */
    public static RuntimeException failure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error fatal) {
            throw fatal;
        }
        return new IllegalStateException(cause);
    }

    /** Writes queued and not yet taken by the writer (for tests that line up a batch). */
    public int waiting() {
        return queue.size();
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
        watchdog =
                Thread.ofPlatform().name("tidings-writer-watchdog").daemon(true).start(this::watch);
    }

    @Override
    public void stop() {
        running = false;
        if (watchdog != null) {
            watchdog.interrupt();
        }
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
            committing = batch.toArray(NOTHING);
            try {
                commit(batch);
            } catch (Throwable e) {
                // Never let one bad batch kill the only writer: fail it and go on.
                log.error("writer failed batch size={}", batch.size(), e);
                batch.forEach(p -> p.result().completeExceptionally(e));
            }
            batch.clear();
            committing = NOTHING;
        }
        // Finish what was accepted before the stop, so no caller waits forever.
        queue.drainTo(batch);
        if (!batch.isEmpty()) {
            commit(batch);
        }
        closeConnection();
    }

    private void commit(List<Pending<?>> batch) {
        batchSizes.record(batch.size());
        long started = System.nanoTime();
        List<Outcome<?>> outcomes = new ArrayList<>(batch.size());
        WriteTx tx;
        try {
            Connection connection = connection();
            try {
                connection.setAutoCommit(false);
                tx = runAll(statements.connection(), batch, outcomes);
                connection.commit();
                // Back to autocommit between batches: the SQLite driver would otherwise begin the
                // next (IMMEDIATE) transaction at once and hold the write lock while idle.
                connection.setAutoCommit(true);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            closeConnection();
            subscribers.clear();
            log.error("write batch failed size={}", batch.size(), e);
            ApiException failure = new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "database_unavailable",
                    "The database is unavailable; nothing was changed, try again shortly");
            batch.forEach(p -> p.result().completeExceptionally(failure));
            return;
        }
        commits.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (tx.changedStoredEvents()) {
            // Before the commit's writes are answered: no poll after them may see the old events.
            hub.forgetRecent();
        }
        fanout.committed(tx.emitted());
        for (int i = 0; i < batch.size(); i++) {
            complete(batch.get(i), outcomes.get(i));
        }
    }

    /** The writer's connection, taken from its pool on first use and after a failure. */
    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = dataSource.getConnection();
            statements = new ReusedStatements(connection);
            postgres = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        }
        return connection;
    }

    /** Hands the connection back (the pool replaces a broken one); the next batch takes another. */
    private void closeConnection() {
        if (connection == null) {
            return;
        }
        try (Connection closing = connection;
                ReusedStatements closingStatements = statements) {
            // Closed by try-with-resources, statements first.
        } catch (SQLException | RuntimeException e) {
            log.debug("closing the writer's connection failed", e);
        }
        connection = null;
        statements = null;
    }

    private WriteTx runAll(Connection connection, List<Pending<?>> batch, List<Outcome<?>> outcomes)
            throws SQLException {
        JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(connection, true));
        boolean oneRun = isOneRun(batch);
        if (oneRun) {
            WriteTx tx = runUnguarded(jdbc, connection, batch, outcomes);
            if (tx != null) {
                return tx;
            }
        }
        // Every write with its own savepoint; a group that already failed as a whole goes
        // straight to running its requests one by one. The head is locked before the first
        // savepoint, so each savepoint knows the position to roll back to.
        WriteTx tx = begin(jdbc, connection);
        tx.lockHead();
        int i = 0;
        while (i < batch.size()) {
            Pending<?> first = batch.get(i);
            int end = i + 1;
            if (first.group() != null && !oneRun) {
                while (end < batch.size() && batch.get(end).group() == first.group()) {
                    end++;
                }
                outcomes.addAll(runGroup(connection, tx, batch.subList(i, end)));
            } else {
                outcomes.add(runOne(connection, tx, first));
            }
            i = end;
        }
        tx.moveHead();
        return tx;
    }

    /**
     * The usual batch under load (all sends) or when idle (one write), without a savepoint: with
     * nothing else in the transaction to keep, a failure can undo all of it (on PostgreSQL a
     * savepoint and its release are a round trip each). Returns null if the group failed: the
     * transaction is rolled back, for the caller to run its requests one by one.
     */
    private WriteTx runUnguarded(
            JdbcClient jdbc, Connection connection, List<Pending<?>> batch, List<Outcome<?>> outcomes)
            throws SQLException {
        WriteTx tx = begin(jdbc, connection);
        Pending<?> first = batch.getFirst();
        try {
            List<? extends Outcome<?>> results;
            if (first.group() == null) {
                results = List.of(Outcome.of(first.work().run(tx)));
            } else {
                List<Object> requests = new ArrayList<>(batch.size());
                batch.forEach(p -> requests.add(p.request()));
                results = first.group().run(tx, requests);
                if (results.size() != batch.size()) {
                    throw new IllegalStateException(
                            "group answered " + results.size() + " of " + batch.size() + " requests");
                }
            }
            tx.flushMoveHeadAndCommit();
            outcomes.addAll(results);
        } catch (RuntimeException e) {
            connection.rollback();
            subscribers.clear();
            if (first.group() != null) {
                log.debug("write group failed size={}, running its writes one by one", batch.size(), e);
                return null;
            }
            // A write alone fails alone: the rollback undid exactly its changes.
            outcomes.add(Outcome.failed(e));
            tx.rollbackTo(0, tx.head());
            return tx;
        }
        return tx;
    }

    /** A batch of one write, or of requests all for the same group. */
    private static boolean isOneRun(List<Pending<?>> batch) {
        Pending<?> first = batch.getFirst();
        if (first.group() == null) {
            return batch.size() == 1;
        }
        for (Pending<?> pending : batch) {
            if (pending.group() != first.group()) {
                return false;
            }
        }
        return true;
    }

    /**
     * A transaction on the connection. It takes the head's row lock (which serialises writers
     * across nodes, so positions commit in order) before its first statement, together with it
     * when that is a {@link WriteTx#readTogether}: a batch of sends then locks and reads in one
     * round trip.
     */
    private WriteTx begin(JdbcClient jdbc, Connection connection) {
        return new WriteTx(
                jdbc,
                connection,
                json,
                subscribers,
                epoch,
                System.currentTimeMillis(),
                fanout.needsRecipients(),
                postgres);
    }

    /** One write in its own savepoint, so its failure undoes only its own changes. */
    private Outcome<?> runOne(Connection connection, WriteTx tx, Pending<?> pending) throws SQLException {
        Savepoint savepoint = connection.setSavepoint();
        int mark = tx.mark();
        long markPosition = tx.position();
        try {
            Outcome<?> outcome = pending.group() == null
                    ? Outcome.of(pending.work().run(tx))
                    : single(pending.group().run(tx, List.of(pending.request())));
            tx.flush();
            connection.releaseSavepoint(savepoint);
            return outcome;
        } catch (RuntimeException e) {
            connection.rollback(savepoint);
            tx.rollbackTo(mark, markPosition);
            subscribers.clear();
            return Outcome.failed(e);
        }
    }

    /**
     * Consecutive requests of one group under one savepoint. If the group throws, it is undone
     * and each request runs alone, so one bad request still fails only itself.
     */
    private List<Outcome<?>> runGroup(Connection connection, WriteTx tx, List<Pending<?>> pendings)
            throws SQLException {
        if (pendings.size() == 1) {
            return List.of(runOne(connection, tx, pendings.getFirst()));
        }
        Savepoint savepoint = connection.setSavepoint();
        int mark = tx.mark();
        long markPosition = tx.position();
        try {
            List<Object> requests = new ArrayList<>(pendings.size());
            pendings.forEach(p -> requests.add(p.request()));
            List<? extends Outcome<?>> outcomes = pendings.getFirst().group().run(tx, requests);
            if (outcomes.size() != pendings.size()) {
                throw new IllegalStateException(
                        "group answered " + outcomes.size() + " of " + pendings.size() + " requests");
            }
            tx.flush();
            connection.releaseSavepoint(savepoint);
            return List.copyOf(outcomes);
        } catch (RuntimeException e) {
            connection.rollback(savepoint);
            tx.rollbackTo(mark, markPosition);
            subscribers.clear();
            log.debug("write group failed size={}, running its writes one by one", pendings.size(), e);
            List<Outcome<?>> outcomes = new ArrayList<>(pendings.size());
            for (Pending<?> pending : pendings) {
                outcomes.add(runOne(connection, tx, pending));
            }
            return outcomes;
        }
    }

    private static Outcome<?> single(List<? extends Outcome<?>> outcomes) {
        if (outcomes.size() != 1) {
            throw new IllegalStateException("group answered " + outcomes.size() + " of 1 request");
        }
        return outcomes.getFirst();
    }

    @SuppressWarnings("unchecked")
    private static void complete(Pending<?> pending, Outcome<?> outcome) {
        CompletableFuture<Object> future = (CompletableFuture<Object>) pending.result();
        if (outcome.error() != null) {
            future.completeExceptionally(outcome.error());
        } else {
            future.complete(outcome.value());
        }
    }

    private static ApiException unavailable(String detail) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", detail);
    }
}
