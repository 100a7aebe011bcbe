-- Account life: extract source tracking, newsletter, deleted-BAL tombstones, usage
-- statistics, maintenance banners.

-- The R2 object (etag) an import read, so the daily job imports each file once.
ALTER TABLE directory_imports ADD COLUMN source_etag TEXT;

-- Newsletter opt-in (no row: not subscribed).
CREATE TABLE newsletter_subscriptions (
  id_nat TEXT PRIMARY KEY REFERENCES persons (id_nat),
  subscribed INTEGER NOT NULL CHECK (subscribed IN (0, 1)),
  updated_at INTEGER NOT NULL
);

-- A deleted BAL, kept without any personal data so that its functional traces are purged
-- ten years after the deletion even once the BAL row itself is gone (one year after).
CREATE TABLE bal_tombstones (
  bal_id TEXT PRIMARY KEY,
  deleted_at INTEGER NOT NULL
);

-- Per-user usage of one day (counts of trace kinds): per-user statistics data, kept three
-- months, then only the anonymous daily totals remain.
CREATE TABLE usage_per_user (
  day TEXT NOT NULL,
  id_nat TEXT NOT NULL,
  kind TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (day, id_nat, kind)
);

-- Anonymous daily statistics: totals only, never a person.
CREATE TABLE daily_stats (
  day TEXT NOT NULL,
  metric TEXT NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (day, metric)
);

-- Maintenance banners shown to every user between starts_at and ends_at.
CREATE TABLE service_banners (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  message TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
