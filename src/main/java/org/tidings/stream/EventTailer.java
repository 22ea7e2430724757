package org.tidings.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tidings.cluster.ClusterMode;
import org.tidings.cluster.ClusterSettings;

/**
 * In cluster mode, the only thing that feeds this node's hub: it reads the events after the
 * hub's position from the database, in position order, works out who receives each, and
 * publishes them. Positions are drawn under the row lock on {@code stream_head}, so once a
 * position is visible every position below it is committed and visible too: reading "after my
 * position" never skips an event, whichever node wrote it, and the hub's position keeps its
 * meaning ("everything at or below was delivered to this node's connections").
 */
@Component
@ClusterMode
class EventTailer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EventTailer.class);

    private record Row(long position, Long userId, Long conversationId, String type, String payload, long createdAt) {}

    private record Span(long userId, long from, Long to) {
        boolean covers(long position) {
            return from <= position && (to == null || position <= to);
        }
    }

    private final JdbcClient jdbc;
    private final Hub hub;
    private final Timer lag;
    private final ClusterSettings settings;
    // One pending wake-up is enough: a catch-up reads everything committed before it starts.
    private final BlockingQueue<Boolean> wakeUps = new ArrayBlockingQueue<>(1);
    private volatile boolean running;
    private volatile boolean failing;
    private String epoch;
    private Thread thread;

    EventTailer(JdbcClient jdbc, Hub hub, ClusterSettings settings, MeterRegistry meters) {
        this.lag = Timer.builder("tidings.cluster.tailer.lag")
                .description("Time from an event's commit to this node's tailer reading it (cluster mode)")
                .publishPercentileHistogram()
                .register(meters);
        this.jdbc = jdbc;
        this.hub = hub;
        this.settings = settings;
    }

    /** Something was committed (here or elsewhere): catch up now. Never blocks. */
    void wake() {
        wakeUps.offer(Boolean.TRUE);
    }

    @Override
    public void start() {
        epoch = jdbc.sql("SELECT epoch FROM stream_head WHERE id = 1")
                .query(String.class)
                .single();
        running = true;
        thread = Thread.ofPlatform().name("tidings-tailer").daemon(true).start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the event log (phase 0), which sets the hub's starting position. */
    @Override
    public int getPhase() {
        return 1;
    }

    private void loop() {
        while (running) {
            try {
                // Without a wake-up (Redis down, a message lost) read anyway: bounded latency.
                wakeUps.poll(settings.fallbackPoll().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            try {
                catchUp();
                if (failing) {
                    failing = false;
                    log.info("tailer reading the database again position={}", hub.position());
                }
            } catch (RuntimeException e) {
                if (!failing) {
                    failing = true;
                    log.warn(
                            "tailer cannot read the database; retrying position={} cause={}",
                            hub.position(),
                            e.toString());
                }
            }
        }
    }

    private void catchUp() {
        List<CommittedEvent> batch;
        do {
            batch = read(hub.position());
            hub.publish(batch);
        } while (batch.size() == settings.tailBatch() && running);
    }

    private List<CommittedEvent> read(long after) {
        List<Row> rows = jdbc.sql("""
                        SELECT position, user_id, conversation_id, type, payload, created_at FROM stream_events
                        WHERE position > ? ORDER BY position LIMIT ?""")
                .params(after, settings.tailBatch())
                .query((rs, n) -> new Row(
                        rs.getLong(1),
                        rs.getObject(2, Long.class),
                        rs.getObject(3, Long.class),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getLong(6)))
                .list();
        if (rows.isEmpty()) {
            return List.of();
        }
        // From a commit (on any node) to this node reading it: what the cluster adds to delivery.
        lag.record(Math.max(0, System.currentTimeMillis() - rows.getLast().createdAt()), TimeUnit.MILLISECONDS);
        Map<Long, List<Span>> spans = spans(rows, after);
        List<CommittedEvent> events = new ArrayList<>(rows.size());
        for (Row row : rows) {
            long[] recipients = row.userId() != null
                    ? new long[] {row.userId()}
                    : spans.getOrDefault(row.conversationId(), List.of()).stream()
                            .filter(span -> span.covers(row.position()))
                            .mapToLong(Span::userId)
                            .toArray();
            Frame frame = EventJson.persisted(
                    new Cursor(epoch, row.position()).encode(), row.position(), row.type(), row.payload());
            events.add(new CommittedEvent(frame, recipients));
        }
        return events;
    }

    /**
     * The subscriptions of the batch's conversations that overlap it. A later commit can only
     * add spans starting after the batch or close spans after it, so reading them in a second
     * statement changes no recipient of these events.
     */
    private Map<Long, List<Span>> spans(List<Row> rows, long after) {
        Set<Long> conversations =
                rows.stream().map(Row::conversationId).filter(id -> id != null).collect(Collectors.toSet());
        if (conversations.isEmpty()) {
            return Map.of();
        }
        Map<Long, List<Span>> spans = new HashMap<>();
        jdbc.sql("""
                        SELECT conversation_id, user_id, from_position, to_position FROM stream_subscriptions
                        WHERE conversation_id IN (:conversations) AND from_position <= :last
                          AND (to_position IS NULL OR to_position > :after)""")
                .param("conversations", conversations)
                .param("last", rows.getLast().position())
                .param("after", after)
                .query(rs -> {
                    spans.computeIfAbsent(rs.getLong(1), c -> new ArrayList<>())
                            .add(new Span(rs.getLong(2), rs.getLong(3), rs.getObject(4, Long.class)));
                });
        return spans;
    }
}
