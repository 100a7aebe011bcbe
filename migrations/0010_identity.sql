-- Identity: credentials, one-time codes, login steps, rate limits, Pro Santé Connect
-- round trips, onboarding data (contacts, directory choices, CGU).

-- A person's password (PBKDF2-SHA256) and TOTP. The TOTP secret must be readable to check
-- codes; it is never shown again after setup.
CREATE TABLE credentials (
  id_nat TEXT PRIMARY KEY REFERENCES persons (id_nat),
  password_hash TEXT,
  password_salt TEXT,
  password_iterations INTEGER,
  password_set_at INTEGER,
  -- A secret being set up (not yet confirmed by a code), then the active one.
  totp_pending_secret TEXT,
  totp_secret TEXT,
  totp_enabled_at INTEGER,
  -- Last accepted TOTP time step: a code is never accepted twice.
  totp_last_step INTEGER
);

-- Personal contact data given at onboarding (or by the operator for imported accounts).
-- external_email: the mandatory non-MSSanté address (one-time codes, new-mail notices).
CREATE TABLE person_contacts (
  id_nat TEXT PRIMARY KEY REFERENCES persons (id_nat),
  external_email TEXT,
  external_email_verified_at INTEGER,
  mobile TEXT,
  updated_at INTEGER NOT NULL
);
CREATE INDEX person_contacts_email ON person_contacts (external_email COLLATE NOCASE);

-- Annuaire Santé choices of a BAL, made at onboarding. liste_rouge = 1: never published.
-- publish_phone = 1: the mobile may be published with the BAL.
CREATE TABLE bal_directory_choices (
  bal_id TEXT PRIMARY KEY REFERENCES bals (id),
  liste_rouge INTEGER NOT NULL DEFAULT 0,
  publish_phone INTEGER NOT NULL DEFAULT 0,
  updated_at INTEGER NOT NULL
);

-- Versioned terms of use (CGU); the newest published_at is the current one.
CREATE TABLE cgu_versions (
  version TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  published_at INTEGER NOT NULL
);

CREATE TABLE cgu_acceptances (
  id_nat TEXT NOT NULL REFERENCES persons (id_nat),
  version TEXT NOT NULL REFERENCES cgu_versions (version),
  accepted_at INTEGER NOT NULL,
  PRIMARY KEY (id_nat, version)
);

-- What Pro Santé Connect said of a person at their last login (professional data only):
-- SubjectRefPro.exercices as JSON. An empty list: no professional practice.
CREATE TABLE psc_profiles (
  id_nat TEXT PRIMARY KEY REFERENCES persons (id_nat),
  exercices TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

-- One PSC round trip in flight: the browser holds a random id in a SameSite=Lax cookie;
-- state, nonce and the PKCE verifier stay here. Consumed (deleted) by the callback.
CREATE TABLE psc_login_states (
  id_hash TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  nonce TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

-- The step between a right password and the one-time code. The browser holds a random id
-- (cookie); the code is stored as a salted SHA-256.
CREATE TABLE login_challenges (
  id_hash TEXT PRIMARY KEY,
  id_nat TEXT NOT NULL REFERENCES persons (id_nat),
  login_key TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  code_hash TEXT,
  code_channel TEXT,
  code_expires_at INTEGER
);

-- Email verification codes of the onboarding (one pending per person).
CREATE TABLE email_verifications (
  id_nat TEXT PRIMARY KEY REFERENCES persons (id_nat),
  email TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  failures INTEGER NOT NULL DEFAULT 0
);

-- Failure counters of the login steps, per login key (address) and per client IP.
CREATE TABLE rate_limits (
  key TEXT PRIMARY KEY,
  count INTEGER NOT NULL,
  window_start INTEGER NOT NULL,
  locked_until INTEGER
);

-- The first CGU version.
INSERT INTO cgu_versions (version, title, body, published_at) VALUES (
  '2026-11',
  'Conditions générales d’utilisation de Pli',
  'Pli est une messagerie sécurisée de santé de l’espace de confiance MSSanté. Elle est réservée aux échanges de données de santé entre professionnels habilités et avec les patients titulaires de Mon espace santé. Vous vous engagez à protéger vos moyens d’authentification, à ne pas transférer de messages vers une messagerie non sécurisée, à copier dans le dossier du patient les informations utiles (Pli n’est ni un espace de stockage ni le dossier patient) et à supprimer régulièrement vos messages (quota de 2 Go). Chaque action est tracée pour établir l’émetteur d’un message. Pli n’est pas adapté aux urgences : en cas d’urgence, composez le 15. Vos données d’identification sont conservées pendant la vie de la boîte aux lettres et un an après sa suppression ; vous disposez des droits d’accès, de rectification, d’opposition, d’effacement et de limitation.',
  1795132800000
);
