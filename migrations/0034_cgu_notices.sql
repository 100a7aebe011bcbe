-- CGU notices are sent by a scheduled job in batches, not inside the publishing request:
-- the job walks the users by idNat and remembers where it stopped.
ALTER TABLE cgu_versions ADD COLUMN notice_cursor TEXT;
-- Set once every user was told (or for versions that need no notice, like the first one).
ALTER TABLE cgu_versions ADD COLUMN notices_done_at INTEGER;
UPDATE cgu_versions SET notices_done_at = published_at;
