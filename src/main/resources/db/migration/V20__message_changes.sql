-- Editing, deleting, reactions, replies, mentions and read receipts (docs/api.md, "Changing messages").

-- A deleted message keeps its row and seq (history stays gapless) with an empty body and no
-- attachment: a tombstone. reply_to_id names a message of the same conversation (checked when
-- sending, not by a foreign key, so erasing a message never has to touch its replies' rows).
ALTER TABLE messages ADD COLUMN edited_at BIGINT;
ALTER TABLE messages ADD COLUMN deleted_at BIGINT;
ALTER TABLE messages ADD COLUMN reply_to_id BIGINT;
-- The members named with @username, as comma-separated ids; NULL when none. A list read with the
-- message, never searched: who must be notified is in conversation_mentions.
ALTER TABLE messages ADD COLUMN mentions VARCHAR(2000);
ALTER TABLE messages ADD COLUMN mentions_everyone BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX messages_reply_to ON messages (reply_to_id);
CREATE INDEX messages_attachment ON messages (attachment_id);

-- Every version of an edited message, the original as version 1. A message never edited has no
-- rows here. event_position is the message.updated event that carried the version (NULL for the
-- original): deleting the message rewrites those events too.
CREATE TABLE message_versions (
    message_id BIGINT NOT NULL REFERENCES messages (id),
    version INTEGER NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    event_position BIGINT,
    PRIMARY KEY (message_id, version)
);

CREATE TABLE message_reactions (
    message_id BIGINT NOT NULL REFERENCES messages (id),
    emoji VARCHAR(64) NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (message_id, emoji, user_id)
);

-- One row per member a message notifies (a named member, or every member for @everyone), so
-- unread mentions are a count of rows above the member's read pointer.
CREATE TABLE conversation_mentions (
    user_id BIGINT NOT NULL REFERENCES users (id),
    conversation_id BIGINT NOT NULL REFERENCES conversations (id),
    seq BIGINT NOT NULL,
    message_id BIGINT NOT NULL REFERENCES messages (id),
    PRIMARY KEY (user_id, conversation_id, seq)
);
CREATE INDEX conversation_mentions_message ON conversation_mentions (message_id);

-- Whether the user shares read receipts; off means they neither show nor see them.
ALTER TABLE users ADD COLUMN share_read_receipts BOOLEAN NOT NULL DEFAULT TRUE;
