-- Device pairing (RFC 8628 device authorization grant): a device (the browser extension)
-- asks, the signed-in person approves or refuses its user code, the device polls for its
-- token. Both codes are stored as SHA-256 only; a row lives 10 minutes (expires_at) and is
-- spent once (status 'issued' after the token was handed out).
CREATE TABLE device_authorizations (
  id TEXT PRIMARY KEY,
  device_code_hash TEXT NOT NULL UNIQUE,
  user_code_hash TEXT NOT NULL UNIQUE,
  client TEXT NOT NULL,
  browser TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'issued')),
  id_nat TEXT REFERENCES persons (id_nat),
  interval_ms INTEGER NOT NULL,
  last_polled_at INTEGER,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  decided_at INTEGER
);
CREATE INDEX device_authorizations_expiry ON device_authorizations (expires_at);
