-- Core identities: people, their mailboxes (BAL), delegations, sessions, device tokens.
-- Feature migrations number themselves by range: identity 0010-0019, mail 0020-0029,
-- directory and account life 0030-0039.

-- A person, keyed on the national professional identifier (idNat), never on an IdP `sub`.
CREATE TABLE persons (
  id_nat TEXT PRIMARY KEY,
  given_name TEXT NOT NULL,
  family_name TEXT NOT NULL,
  -- TRE_G15 profession code (10 Médecin, 60 Infirmier...), null for medico-social staff.
  profession_code TEXT,
  -- TRE_R38 specialty code (SM26...), when known.
  specialty_code TEXT,
  -- practitioner (PSC self-service), medico_social (imported), operator (console).
  kind TEXT NOT NULL DEFAULT 'practitioner' CHECK (kind IN ('practitioner', 'medico_social', 'operator')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  -- Set when the person's last BAL is deleted: identity data is kept one more year.
  deleted_at INTEGER
);

-- A mailbox (boîte aux lettres). Its id addresses its Durable Object.
CREATE TABLE bals (
  id TEXT PRIMARY KEY,
  address TEXT NOT NULL UNIQUE COLLATE NOCASE,
  holder_id_nat TEXT NOT NULL REFERENCES persons (id_nat),
  type TEXT NOT NULL DEFAULT 'PER' CHECK (type IN ('PER', 'ORG')),
  display_name TEXT NOT NULL,
  quota_bytes INTEGER NOT NULL DEFAULT 2147483648,
  created_at INTEGER NOT NULL,
  deleted_at INTEGER
);
CREATE INDEX bals_holder ON bals (holder_id_nat);

-- A delegate (délégataire) working in a holder's BAL. Revocation is a timestamp so that
-- traces keep naming it.
CREATE TABLE delegations (
  id TEXT PRIMARY KEY,
  bal_id TEXT NOT NULL REFERENCES bals (id),
  delegate_id_nat TEXT NOT NULL REFERENCES persons (id_nat),
  created_by_id_nat TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE UNIQUE INDEX delegations_active ON delegations (bal_id, delegate_id_nat) WHERE revoked_at IS NULL;
CREATE INDEX delegations_delegate ON delegations (delegate_id_nat) WHERE revoked_at IS NULL;

-- Pli's own sessions. The cookie holds a random id; only its SHA-256 is stored.
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  id_nat TEXT NOT NULL REFERENCES persons (id_nat),
  -- psc, password_otp, totp
  method TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  -- The PSC ID token, kept for the provider's logout (id_token_hint).
  id_token TEXT,
  user_agent TEXT
);
CREATE INDEX sessions_person ON sessions (id_nat);

-- Bearer tokens for devices (extension, practice software, JMAP clients). Shown once;
-- only the SHA-256 is stored.
CREATE TABLE device_tokens (
  id TEXT PRIMARY KEY,
  id_nat TEXT NOT NULL REFERENCES persons (id_nat),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX device_tokens_person ON device_tokens (id_nat);
