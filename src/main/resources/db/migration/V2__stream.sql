-- The event stream: every persisted event gets a position, strictly increasing in commit order
-- (see docs/architecture.md). An event goes either to one user or to a conversation; a
-- conversation's events reach the users whose subscription covers the event's position.
CREATE TABLE stream_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    position BIGINT NOT NULL,
    -- Events at or below the floor were pruned: a cursor below it can no longer be served.
    floor_position BIGINT NOT NULL,
    -- Changes when the database is recreated, so a cursor from an older database is refused
    -- instead of silently pointing at other events.
    epoch VARCHAR(32) NOT NULL
);
INSERT INTO stream_head (id, position, floor_position, epoch) VALUES (1, 0, 0, ${random_epoch});

CREATE TABLE stream_events (
    position BIGINT PRIMARY KEY,
    user_id BIGINT,
    conversation_id BIGINT,
    type VARCHAR(40) NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    CHECK ((user_id IS NULL) <> (conversation_id IS NULL))
);
CREATE INDEX stream_events_user ON stream_events (user_id, position);
CREATE INDEX stream_events_conversation ON stream_events (conversation_id, position);
CREATE INDEX stream_events_created ON stream_events (created_at);

-- Which conversations a user's stream includes, and from/to which position. A user who leaves
-- keeps the events up to their leaving, and sees none after it.
CREATE TABLE stream_subscriptions (
    user_id BIGINT NOT NULL,
    conversation_id BIGINT NOT NULL,
    from_position BIGINT NOT NULL,
    to_position BIGINT,
    PRIMARY KEY (user_id, conversation_id, from_position)
);
CREATE INDEX stream_subscriptions_conversation ON stream_subscriptions (conversation_id, to_position);
