-- Messages are stored once per conversation; each member's unread count is derived from the
-- conversation's last_seq and their read_seq, never stored per member.
CREATE TABLE messages (
    id ${id},
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    seq BIGINT NOT NULL,
    sender_id BIGINT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    -- The sender's idempotency key: a retried send finds the first one instead of a duplicate.
    client_msg_id VARCHAR(36),
    sent_at BIGINT NOT NULL,
    UNIQUE (conversation_id, seq),
    UNIQUE (sender_id, client_msg_id)
);
