-- Uploads, attachments and background jobs (docs/api.md, "Uploads, files and jobs").

-- Background jobs. A job is a row, so any node can run it, a restart finds it again, and its
-- state and progress can be read from any node. `heartbeat_at` is refreshed by the node running
-- it; a running job whose heartbeat is stale was interrupted and is retried or failed.
CREATE TABLE jobs (
    id ${id},
    type VARCHAR(40) NOT NULL,
    owner_id BIGINT NOT NULL REFERENCES users (id),
    state VARCHAR(10) NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    params TEXT NOT NULL,
    done_units BIGINT NOT NULL DEFAULT 0,
    total_units BIGINT, -- NULL: not known (yet)
    stage VARCHAR(200),
    attempts INTEGER NOT NULL DEFAULT 0,
    runner VARCHAR(40), -- the run (one process lifetime) that claimed it
    heartbeat_at BIGINT,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    finished_at BIGINT,
    result TEXT, -- JSON
    error_code VARCHAR(60),
    error_detail VARCHAR(500)
);
CREATE INDEX jobs_state ON jobs (state, id);
CREATE INDEX jobs_owner ON jobs (owner_id, id);

-- A finished attachment. Its bytes live under the uploads directory, named by storage_key (the
-- upload's random id), never by anything the client chose.
CREATE TABLE files (
    id ${id},
    owner_id BIGINT NOT NULL REFERENCES users (id),
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    name VARCHAR(255) NOT NULL,
    byte_size BIGINT NOT NULL,
    media_type VARCHAR(255) NOT NULL, -- detected from the content
    sha256 VARCHAR(64) NOT NULL,
    storage_key VARCHAR(32) NOT NULL UNIQUE,
    thumb_width INTEGER, -- NULL: no thumbnail
    thumb_height INTEGER,
    created_at BIGINT NOT NULL
);
CREATE INDEX files_owner ON files (owner_id);
CREATE INDEX files_conversation ON files (conversation_id);

-- A tus upload. `received` is its offset: it only moves after the bytes are flushed to disk, so
-- it never claims a byte that a crash could lose. The row is the upload's whole state, changed by
-- single statements or transactions, so a crash never leaves an upload that cannot resume.
CREATE TABLE uploads (
    id VARCHAR(32) PRIMARY KEY, -- random; also the name of its file on disk
    owner_id BIGINT NOT NULL REFERENCES users (id),
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    filename VARCHAR(255) NOT NULL,
    declared_type VARCHAR(255),
    metadata TEXT, -- Upload-Metadata as sent, echoed by HEAD
    upload_length BIGINT, -- NULL while the length is deferred
    received BIGINT NOT NULL DEFAULT 0,
    state VARCHAR(12) NOT NULL CHECK (state IN ('uploading', 'processing', 'complete')),
    -- Who may write right now (one PATCH at a time), and until when: a lease, so a lock held by a
    -- node that died lapses by itself.
    lock_token VARCHAR(32),
    lock_until BIGINT,
    job_id BIGINT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX uploads_owner ON uploads (owner_id, state);
CREATE INDEX uploads_expires ON uploads (expires_at);

-- A message may carry one attachment. Its description is copied into the message (a message
-- never changes), so history reads need no join with another feature's table.
ALTER TABLE messages ADD COLUMN attachment_id BIGINT REFERENCES files (id);
ALTER TABLE messages ADD COLUMN attachment_name VARCHAR(255);
ALTER TABLE messages ADD COLUMN attachment_size BIGINT;
ALTER TABLE messages ADD COLUMN attachment_type VARCHAR(255);
ALTER TABLE messages ADD COLUMN attachment_thumb_width INTEGER;
ALTER TABLE messages ADD COLUMN attachment_thumb_height INTEGER;
