-- Development only: which demo BALs already hold their demo mail (and at which version of
-- the demo content), so that seeding again costs one query.
CREATE TABLE demo_mail_seeded (
  bal_id TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  message_count INTEGER NOT NULL,
  seeded_at INTEGER NOT NULL
);
