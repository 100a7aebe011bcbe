-- JMAP PushSubscription (RFC 8620 section 7.2), tied to the credential that created it:
-- 'token:<device token id>' or 'session:<session id hash>'. Only a verified subscription
-- (the client sent back the code of the PushVerification) may ever be pushed to; the
-- identity cleanup deletes those expired or whose credential is gone.
CREATE TABLE push_subscriptions (
  id TEXT PRIMARY KEY,
  id_nat TEXT NOT NULL REFERENCES persons (id_nat),
  credential TEXT NOT NULL,
  device_client_id TEXT NOT NULL,
  url TEXT NOT NULL,
  verification_code TEXT NOT NULL,
  verified INTEGER NOT NULL DEFAULT 0,
  expires_at INTEGER NOT NULL,
  types TEXT,
  created_at INTEGER NOT NULL
);
CREATE INDEX push_subscriptions_credential ON push_subscriptions (credential);
CREATE INDEX push_subscriptions_expiry ON push_subscriptions (expires_at);
