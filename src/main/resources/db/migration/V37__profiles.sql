-- A short status line and the avatar's version (0: no avatar). The version changes with every
-- new avatar, so clients put it in the avatar's URL and caches never show an old picture.
ALTER TABLE users ADD COLUMN status TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN avatar_version BIGINT NOT NULL DEFAULT 0;
