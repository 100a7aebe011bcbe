-- Foundation: what development tooling needs.

-- What the service would have sent outside (emails, SMS, mail to other operators),
-- recorded instead of sent when ENVIRONMENT=development. Read by GET /dev/outbox.
CREATE TABLE dev_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL CHECK (kind IN ('email', 'sms', 'operator-mail')),
  recipient TEXT NOT NULL,
  sender TEXT,
  subject TEXT,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX dev_outbox_recipient ON dev_outbox (recipient, id);
