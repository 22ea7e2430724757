-- Times are epoch milliseconds (UTC) in BIGINT columns: one representation on SQLite and PostgreSQL.
CREATE TABLE users (
    id ${id},
    username VARCHAR(32) NOT NULL UNIQUE, -- stored lower-case, so unique ignoring case
    display_name VARCHAR(64) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    created_at BIGINT NOT NULL
);

-- Browser sessions and API tokens keep only a SHA-256 of the secret: a copy of the database
-- does not let anyone sign in.
CREATE TABLE sessions (
    id ${id},
    token_hash VARCHAR(64) NOT NULL UNIQUE,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id ${id},
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name VARCHAR(80) NOT NULL,
    token_hash VARCHAR(64) NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
