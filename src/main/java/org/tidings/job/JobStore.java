package org.tidings.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.tidings.storage.Database;

/**
 * The jobs table. Every change of state is one conditional UPDATE (… WHERE state = the state
 * it expects), so two nodes, or a node and a late cancel, never both win.
 */
@Repository
class JobStore {

    private static final String COLUMNS = "id, type, owner_id, state, params, done_units, total_units, stage,"
            + " attempts, created_at, started_at, finished_at, result, error_code, error_detail";

    private final JdbcClient jdbc;
    private final String claimSql;

    JobStore(JdbcClient jdbc, Database database) {
        this.jdbc = jdbc;
        // SKIP LOCKED lets several PostgreSQL nodes claim different jobs without waiting on each
        // other; SQLite has one writer, and the state = 'queued' condition makes the claim atomic.
        String lock = database == Database.POSTGRES ? " FOR UPDATE SKIP LOCKED" : "";
        this.claimSql = """
                UPDATE jobs SET state = 'running', runner = ?, attempts = attempts + 1, started_at = ?,
                    heartbeat_at = ?
                WHERE id = (SELECT id FROM jobs WHERE state = 'queued' ORDER BY id LIMIT 1%s)
                  AND state = 'queued'
                RETURNING %s""".formatted(lock, COLUMNS);
    }

    long insert(JdbcClient db, String type, long ownerId, String params, long now) {
        return db.sql("""
                        INSERT INTO jobs (type, owner_id, state, params, created_at)
                        VALUES (?, ?, 'queued', ?, ?) RETURNING id""").params(type, ownerId, params, now).query(Long.class).single();
    }

    Optional<Job> claim(String runner, long now) {
        return jdbc.sql(claimSql).params(runner, now, now).query(JobStore::map).optional();
    }

    /** Jobs waiting to be claimed, by any node. */
    long queued() {
        return jdbc.sql("SELECT COUNT(*) FROM jobs WHERE state = 'queued'")
                .query(Long.class)
                .single();
    }

    /** Saves progress and proves the runner alive; false if the job is no longer its to run. */
    boolean heartbeat(long id, String runner, long done, Long total, String stage, long now) {
        return jdbc.sql("""
                        UPDATE jobs SET heartbeat_at = ?, done_units = ?, total_units = ?, stage = ?
                        WHERE id = ? AND runner = ? AND state = 'running'""").params(now, done, total, stage, id, runner).update() > 0;
    }

    Optional<Job> find(JdbcClient db, long id) {
        return db.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = ?")
                .param(id)
                .query(JobStore::map)
                .optional();
    }

    Optional<Job> findOwned(long id, long ownerId) {
        return find(jdbc, id).filter(job -> job.ownerId() == ownerId);
    }

    List<Job> listOwned(long ownerId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE owner_id = ? ORDER BY id DESC LIMIT ?")
                .params(ownerId, limit)
                .query(JobStore::map)
                .list();
    }

    /** Ends a job this runner runs; false if it was cancelled or taken from it meanwhile. */
    boolean finish(JdbcClient tx, Job job, String runner, String state, String result, JobView.Error error, long now) {
        return tx.sql("""
                        UPDATE jobs SET state = ?, finished_at = ?, result = ?, error_code = ?, error_detail = ?,
                            done_units = ?, total_units = ?, stage = ?, runner = NULL
                        WHERE id = ? AND runner = ? AND state = 'running'""")
                        .params(
                                state,
                                now,
                                result,
                                error == null ? null : error.code(),
                                error == null ? null : error.detail(),
                                job.done(),
                                job.total(),
                                job.stage(),
                                job.id(),
                                runner)
                        .update()
                > 0;
    }

    boolean cancel(JdbcClient tx, long id, long now) {
        return tx.sql("""
                        UPDATE jobs SET state = 'cancelled', finished_at = ?, runner = NULL
                        WHERE id = ? AND state IN ('queued', 'running')""").params(now, id).update() > 0;
    }

    /** Puts a job this runner gave up on back in the queue, for another attempt. */
    boolean requeue(long id, String runner) {
        return jdbc.sql("""
                        UPDATE jobs SET state = 'queued', runner = NULL
                        WHERE id = ? AND runner = ? AND state = 'running'""").params(id, runner).update() > 0;
    }

    /** On a clean shutdown: this runner's jobs go back to the queue, the attempt not counted. */
    int requeueRunner(String runner) {
        return jdbc.sql("""
                        UPDATE jobs SET state = 'queued', runner = NULL, attempts = attempts - 1
                        WHERE runner = ? AND state = 'running'""").param(runner).update();
    }

    /** Running jobs whose runner stopped proving itself alive before {@code before}. */
    List<Job> stale(long before) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM jobs WHERE state = 'running' AND heartbeat_at < ?")
                .param(before)
                .query(JobStore::map)
                .list();
    }

    boolean requeueStale(long id, long before) {
        return jdbc.sql("""
                        UPDATE jobs SET state = 'queued', runner = NULL
                        WHERE id = ? AND state = 'running' AND heartbeat_at < ?""").params(id, before).update() > 0;
    }

    boolean failStale(JdbcClient tx, long id, long before, JobView.Error error, long now) {
        return tx.sql("""
                        UPDATE jobs SET state = 'failed', finished_at = ?, error_code = ?, error_detail = ?,
                            runner = NULL
                        WHERE id = ? AND state = 'running' AND heartbeat_at < ?""").params(now, error.code(), error.detail(), id, before).update() > 0;
    }

    /** Finished jobs older than {@code before}, for retention. */
    List<Long> finishedBefore(long before) {
        return jdbc.sql("""
                        SELECT id FROM jobs
                        WHERE state IN ('succeeded', 'failed', 'cancelled') AND finished_at < ?""").param(before).query(Long.class).list();
    }

    void delete(long id) {
        jdbc.sql("DELETE FROM jobs WHERE id = ?").param(id).update();
    }

    private static Job map(ResultSet rs, int row) throws SQLException {
        return new Job(
                rs.getLong("id"),
                rs.getString("type"),
                rs.getLong("owner_id"),
                rs.getString("state"),
                rs.getString("params"),
                rs.getLong("done_units"),
                nullableLong(rs, "total_units"),
                rs.getString("stage"),
                rs.getInt("attempts"),
                rs.getLong("created_at"),
                nullableLong(rs, "started_at"),
                nullableLong(rs, "finished_at"),
                rs.getString("result"),
                rs.getString("error_code"),
                rs.getString("error_detail"));
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
