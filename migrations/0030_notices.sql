-- New-mail notices to the holder's external (non-MSSanté) address.
-- Directory and account life own migrations 0030-0039.

-- A person's notice preferences. No row: notices on, by email.
CREATE TABLE notice_preferences (
  id_nat TEXT PRIMARY KEY REFERENCES persons (id_nat),
  enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  channel TEXT NOT NULL DEFAULT 'email' CHECK (channel IN ('email', 'sms')),
  updated_at INTEGER NOT NULL
);

-- When the last notice for a BAL went out: at most one per interval (NOTICE_INTERVAL_MINUTES).
CREATE TABLE notice_state (
  bal_id TEXT PRIMARY KEY REFERENCES bals (id),
  last_sent_at INTEGER NOT NULL
);
