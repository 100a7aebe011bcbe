-- Outbound deliveries to other operators, one row per (submission, recipient): the queue
-- may deliver a job twice and a submission may be dispatched twice; the row makes both
-- idempotent. The raw message is in R2 under raw_key (content-addressed), never here.
CREATE TABLE outbound_deliveries (
  submission_id TEXT NOT NULL,
  recipient TEXT NOT NULL COLLATE NOCASE,
  from_bal_id TEXT NOT NULL,
  mail_from TEXT NOT NULL,
  raw_key TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  -- The last SMTP reply or transport error: a status code and a short text, never content.
  last_error TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (submission_id, recipient)
);
CREATE INDEX outbound_deliveries_raw ON outbound_deliveries (raw_key, status);
