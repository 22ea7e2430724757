-- Reports and the audit log (docs/api.md, "Moderation" and "Audit log").

-- Every administrator and moderator action. Append-only: nothing in Tidings updates or deletes a
-- row, and no endpoint offers to. It names its target by id and never copies what a message said,
-- so erasing a message leaves nothing of it here.
CREATE TABLE audit_log (
    id ${id},
    actor_id BIGINT NOT NULL REFERENCES users (id),
    action VARCHAR(64) NOT NULL,
    target_type VARCHAR(32) NOT NULL,
    target_id BIGINT,
    reason VARCHAR(500),
    created_at BIGINT NOT NULL
);

-- A member's report of a message. One per reporter and message: reporting twice adds nothing.
CREATE TABLE message_reports (
    id ${id},
    message_id BIGINT NOT NULL REFERENCES messages (id),
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    reporter_id BIGINT NOT NULL REFERENCES users (id),
    reason VARCHAR(500) NOT NULL,
    state VARCHAR(12) NOT NULL CHECK (state IN ('open', 'resolved', 'dismissed')),
    created_at BIGINT NOT NULL,
    resolved_by BIGINT REFERENCES users (id),
    resolved_at BIGINT,
    resolution VARCHAR(32),
    UNIQUE (message_id, reporter_id)
);

CREATE INDEX message_reports_by_state ON message_reports (state, id);
