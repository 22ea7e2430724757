-- A group's own message retention in seconds, shorter than the server's (docs/api.md, "Retention").
-- NULL: the server-wide retention applies (server_settings 'retention_seconds'; none: keep forever).
ALTER TABLE conversations ADD COLUMN retention_seconds BIGINT;
