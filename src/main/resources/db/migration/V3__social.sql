-- Friends, blocks, groups and conversations (docs/api.md, "Friends, groups and conversations").

-- One table for both kinds, so a message, a read pointer or a stream subscription names a
-- conversation the same way whatever its kind. A group's id IS its conversation's id.
CREATE TABLE conversations (
    id ${id},
    kind VARCHAR(8) NOT NULL CHECK (kind IN ('direct', 'group')),
    name VARCHAR(80), -- groups only; a direct conversation is titled by the other person
    description VARCHAR(500),
    -- 'lowId:highId' for a direct conversation, so a pair has at most one and friends who
    -- make up again get their old one (and its history) back. NULL for groups.
    direct_key VARCHAR(64) UNIQUE,
    -- Sequence of the newest message: unread = last_seq - read_seq, never a counter that can drift.
    last_seq BIGINT NOT NULL DEFAULT 0,
    last_message_at BIGINT,
    last_message_preview VARCHAR(200),
    last_activity_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    -- A deleted group keeps its row (messages may still point at it) but has no members.
    deleted_at BIGINT
);

CREATE TABLE conversation_members (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    role VARCHAR(8) NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    read_seq BIGINT NOT NULL DEFAULT 0,
    joined_at BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);
CREATE INDEX conversation_members_user ON conversation_members (user_id);

-- Only pending requests are kept: accepting, declining, cancelling or blocking deletes the row,
-- so "one pending request per direction" is the unique constraint.
CREATE TABLE friend_requests (
    id ${id},
    sender_id BIGINT NOT NULL REFERENCES users (id),
    recipient_id BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    UNIQUE (sender_id, recipient_id),
    CHECK (sender_id <> recipient_id)
);
CREATE INDEX friend_requests_recipient ON friend_requests (recipient_id);

-- Two rows per friendship, one from each side, so "my friends" is a primary-key range scan.
CREATE TABLE friendships (
    user_id BIGINT NOT NULL REFERENCES users (id),
    friend_id BIGINT NOT NULL REFERENCES users (id),
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, friend_id)
);

CREATE TABLE blocks (
    blocker_id BIGINT NOT NULL REFERENCES users (id),
    blocked_id BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id),
    CHECK (blocker_id <> blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id);
