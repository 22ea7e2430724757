-- Administrators and who may sign up (docs/api.md, "Administration").

-- A flag rather than a roles table: there is one server-wide role, and group roles live on
-- conversation_members. The first account on an empty server gets it (Accounts.create).
ALTER TABLE users ADD COLUMN is_admin BOOLEAN NOT NULL DEFAULT FALSE;

-- Server-wide settings that administrators change at run time, one row per key, so every node
-- reads the same value (registration_policy: open, invite or closed).
CREATE TABLE server_settings (
    name VARCHAR(64) PRIMARY KEY,
    value VARCHAR(255) NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Codes that let someone sign up while the policy is 'invite'. Kept in clear, unlike session
-- secrets: administrators list them to hand them out, and a leaked code only lets someone create
-- an account, which an administrator can deactivate.
CREATE TABLE server_invites (
    id ${id},
    code VARCHAR(64) NOT NULL UNIQUE,
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    max_uses INTEGER NOT NULL,
    uses INTEGER NOT NULL DEFAULT 0
);
