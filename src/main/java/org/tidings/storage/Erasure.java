package org.tidings.storage;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Makes erased rows unrecoverable from the database files. SQLite runs with {@code secure_delete}
 * on (DataSourceConfig), so a deleted or rewritten row's bytes are zeroed in the pages that held
 * it; but in WAL mode the old versions of those pages still sit in the write-ahead log until it
 * is checkpointed and truncated, which is what {@link #flush} does.
 *
 * <p>PostgreSQL keeps the old row versions as dead tuples until (auto)vacuum reclaims them, and
 * in its WAL until it is recycled: erasure there is as good as the server's vacuum and WAL
 * settings (docs/configuration.md).
 */
@Component
public class Erasure {

    private static final Logger log = LoggerFactory.getLogger(Erasure.class);

    // A checkpoint cannot truncate while a reader still uses an older snapshot (a request in
    // flight); readers are short, so a few tries a little apart get through.
    private static final int ATTEMPTS = 20;
    private static final long PAUSE_MS = 50;

    private final JdbcClient jdbc;
    private final Database database;
    // Deletes arriving while a checkpoint runs share the next one instead of queueing one each.
    private final AtomicLong requested = new AtomicLong();
    private final Object checkpointing = new Object();
    private long covered;

    Erasure(JdbcClient jdbc, Database database) {
        this.jdbc = jdbc;
        this.database = database;
    }

    /** Call after the commit that erased something; blocks briefly (not on an event loop). */
    public void flush() {
        if (database != Database.SQLITE) {
            return;
        }
        long ticket = requested.incrementAndGet();
        synchronized (checkpointing) {
            if (covered >= ticket) {
                return;
            }
            // Every flush asked for until now committed its erasure before asking: this covers them.
            long upTo = requested.get();
            checkpoint();
            covered = upTo;
        }
    }

    private void checkpoint() {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            // Columns: busy (1 if it could not finish), frames in the log, frames checkpointed.
            List<Integer> result = jdbc.sql("PRAGMA wal_checkpoint(TRUNCATE)")
                    .query((rs, n) -> rs.getInt(1))
                    .list();
            if (!result.isEmpty() && result.getFirst() == 0) {
                return;
            }
            try {
                Thread.sleep(PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.warn("erasure checkpoint busy attempts={}; the log is truncated at the next quiet checkpoint", ATTEMPTS);
    }
}
