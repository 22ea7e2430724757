-- Deactivated accounts (docs/api.md, "Deactivating an account"): they cannot sign in and every
-- session and token they had is gone; their messages stay. NULL: active.
ALTER TABLE users ADD COLUMN deactivated_at BIGINT;
