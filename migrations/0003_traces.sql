-- Functional traces: who did what kind of action, when, in which BAL, from which device.
-- Never any health content. Kept 10 years after the BAL's deletion.
CREATE TABLE traces (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  -- The real actor (a delegate acting in a holder's BAL is named here).
  actor_id_nat TEXT,
  bal_id TEXT,
  -- e.g. login, login_failed, logout, otp_sent, token_created, token_revoked, bal_created,
  -- mail_sent, mail_deleted, delegation_created...
  kind TEXT NOT NULL,
  -- session, token:<device id>, system
  channel TEXT,
  -- Non-sensitive detail: a method name, a count. Never content, subjects or addresses of
  -- patients.
  detail TEXT
);
CREATE INDEX traces_bal ON traces (bal_id, at);
CREATE INDEX traces_actor ON traces (actor_id_nat, at);
