-- Indexes that every send paid for without any query needing the rows it added. Most messages
-- reply to nothing and carry no attachment, and a conversation's event has no user: their NULL
-- entries were inserted (a B-tree descent and a dirtied page each) on every send, yet every query
-- on these columns asks for one value (`reply_to_id = ?`, `attachment_id = ?`, `user_id = ?`),
-- which a partial index without the NULLs answers as before, on SQLite and on PostgreSQL.
DROP INDEX messages_reply_to;
CREATE INDEX messages_reply_to ON messages (reply_to_id) WHERE reply_to_id IS NOT NULL;
DROP INDEX messages_attachment;
CREATE INDEX messages_attachment ON messages (attachment_id) WHERE attachment_id IS NOT NULL;
DROP INDEX stream_events_user;
CREATE INDEX stream_events_user ON stream_events (user_id, position) WHERE user_id IS NOT NULL;
