-- Public rooms, bans and invite links (docs/api.md, "Public rooms" and "Invite links").

-- 'private' (the default, every group before this) or 'public': a public group is listed in
-- GET /api/rooms and anyone signed in may join it. Direct conversations stay 'private'.
ALTER TABLE conversations ADD COLUMN visibility VARCHAR(8) NOT NULL DEFAULT 'private';
-- The room directory reads public groups newest activity first.
CREATE INDEX conversations_directory ON conversations (visibility, last_activity_at, id);

-- A user banned from a group: removed if they were in it, and kept out (no join, no invite,
-- no adding back) until an owner or admin lifts the ban by deleting the row.
CREATE TABLE group_bans (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    banned_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);

-- An invite link. Only the SHA-256 of its token is kept: whoever reads the database (or a
-- backup) cannot turn a row back into a working link. A revoked link keeps its row, so its
-- token answers 410 (gone) rather than 404 (never existed).
CREATE TABLE group_invites (
    id ${id},
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    token_hash VARCHAR(64) NOT NULL UNIQUE,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    max_uses INTEGER,
    uses INTEGER NOT NULL DEFAULT 0,
    revoked_at BIGINT
);
CREATE INDEX group_invites_conversation ON group_invites (conversation_id, id);
