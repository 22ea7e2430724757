-- Per member and conversation: which messages notify them (docs/api.md, "Notification levels").
-- all: every message; mentions: only messages that mention them; none: muted.
ALTER TABLE conversation_members ADD COLUMN notifications VARCHAR(8) NOT NULL DEFAULT 'all';
