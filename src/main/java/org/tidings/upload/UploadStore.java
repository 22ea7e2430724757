package org.tidings.upload;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The uploads table. Every change is one statement conditioned on the lock token it expects, so
 * a writer that lost its lock (lease lapsed, upload terminated) can never move the offset.
 */
@Repository
class UploadStore {

    private static final String COLUMNS = "id, owner_id, conversation_id, filename, declared_type, metadata,"
            + " upload_length, received, state, lock_token, lock_until, job_id, created_at, expires_at";

    private final JdbcClient jdbc;

    UploadStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(JdbcClient tx, Upload u) {
        tx.sql("INSERT INTO uploads (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        u.id(),
                        u.ownerId(),
                        u.conversationId(),
                        u.filename(),
                        u.declaredType(),
                        u.metadata(),
                        u.length(),
                        u.received(),
                        u.state(),
                        u.lockToken(),
                        u.lockUntil(),
                        u.jobId(),
                        u.createdAt(),
                        u.expiresAt())
                .update();
    }

    Optional<Upload> find(JdbcClient db, String id) {
        return db.sql("SELECT " + COLUMNS + " FROM uploads WHERE id = ?")
                .param(id)
                .query(UploadStore::map)
                .optional();
    }

    Optional<Upload> find(String id) {
        return find(jdbc, id);
    }

    /** Takes the write lock unless a live lease holds it. */
    boolean lock(String id, String token, long until, long now) {
        return jdbc.sql("""
                        UPDATE uploads SET lock_token = ?, lock_until = ?
                        WHERE id = ? AND state = 'uploading' AND (lock_token IS NULL OR lock_until < ?)""").params(token, until, id, now).update() > 0;
    }

    /** Moves the offset (the bytes are on disk already) and renews the lease and the expiry. */
    boolean commit(String id, String token, long received, long lockUntil, long expiresAt) {
        return jdbc.sql("""
                        UPDATE uploads SET received = ?, lock_until = ?, expires_at = ?
                        WHERE id = ? AND lock_token = ? AND state = 'uploading'""").params(received, lockUntil, expiresAt, id, token).update() > 0;
    }

    /**
     * Moves the offset and lets go of the lock in one statement: the end of a PATCH. Two
     * statements were two commits, so two fsyncs of the database log per PATCH.
     */
    boolean commitAndRelease(String id, String token, long received, long expiresAt) {
        return jdbc.sql("""
                        UPDATE uploads SET received = ?, lock_token = NULL, lock_until = NULL, expires_at = ?
                        WHERE id = ? AND lock_token = ? AND state = 'uploading'""").params(received, expiresAt, id, token).update() > 0;
    }

    boolean declareLength(String id, String token, long length) {
        return jdbc.sql("""
                        UPDATE uploads SET upload_length = ?
                        WHERE id = ? AND lock_token = ? AND upload_length IS NULL""").params(length, id, token).update() > 0;
    }

    void release(String id, String token) {
        jdbc.sql("UPDATE uploads SET lock_token = NULL, lock_until = NULL WHERE id = ? AND lock_token = ?")
                .params(id, token)
                .update();
    }

    /** The last byte is in: hand the upload to its processing job, in the job's own write. */
    boolean finishUpload(JdbcClient tx, String id, String token, long received, long jobId, long expiresAt) {
        return tx.sql("""
                        UPDATE uploads SET received = ?, upload_length = ?, state = 'processing', job_id = ?,
                            lock_token = NULL, lock_until = NULL, expires_at = ?
                        WHERE id = ? AND lock_token = ? AND state = 'uploading'""")
                        .params(received, received, jobId, expiresAt, id, token)
                        .update()
                > 0;
    }

    void markComplete(JdbcClient tx, String id) {
        tx.sql("UPDATE uploads SET state = 'complete' WHERE id = ?").param(id).update();
    }

    void delete(String id) {
        jdbc.sql("DELETE FROM uploads WHERE id = ?").param(id).update();
    }

    /** Deletes the upload if it is still expired and unlocked (a PATCH may have just taken it). */
    boolean deleteExpired(String id, long now) {
        return jdbc.sql("""
                        DELETE FROM uploads WHERE id = ? AND expires_at < ? AND state <> 'processing'
                          AND (lock_token IS NULL OR lock_until < ?)""").params(id, now, now).update() > 0;
    }

    /** Unfinished uploads past their expiry and not being written, and finished ones past theirs. */
    List<Upload> expired(long now) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM uploads " + """
                         WHERE expires_at < ? AND state <> 'processing'
                          AND (lock_token IS NULL OR lock_until < ?)""")
                .params(now, now)
                .query(UploadStore::map)
                .list();
    }

    /** Bytes the user holds: finished files, plus unfinished uploads at their full declared size. */
    long usage(JdbcClient db, long ownerId) {
        return db.sql("""
                        SELECT (SELECT COALESCE(SUM(byte_size), 0) FROM files WHERE owner_id = :owner)
                             + (SELECT COALESCE(SUM(COALESCE(upload_length, received)), 0) FROM uploads
                                WHERE owner_id = :owner AND state IN ('uploading', 'processing'))""").param("owner", ownerId).query(Long.class).single();
    }

    long usage(long ownerId) {
        return usage(jdbc, ownerId);
    }

    private static Upload map(ResultSet rs, int row) throws SQLException {
        long length = rs.getLong("upload_length");
        Long declared = rs.wasNull() ? null : length;
        long lockUntil = rs.getLong("lock_until");
        Long until = rs.wasNull() ? null : lockUntil;
        long job = rs.getLong("job_id");
        Long jobId = rs.wasNull() ? null : job;
        return new Upload(
                rs.getString("id"),
                rs.getLong("owner_id"),
                rs.getLong("conversation_id"),
                rs.getString("filename"),
                rs.getString("declared_type"),
                rs.getString("metadata"),
                declared,
                rs.getLong("received"),
                rs.getString("state"),
                rs.getString("lock_token"),
                until,
                jobId,
                rs.getLong("created_at"),
                rs.getLong("expires_at"));
    }
}
