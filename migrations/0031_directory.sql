-- The directory (Annuaire Santé): the official MSSanté extract plus Pli's own BALs, with a
-- full-text index. Never a patient address; never a red-listed Pli BAL.

CREATE TABLE directory_entries (
  id INTEGER PRIMARY KEY,
  address TEXT NOT NULL UNIQUE COLLATE NOCASE,
  -- annuaire: the daily extract; pli: a BAL of this service, kept current by Pli itself.
  source TEXT NOT NULL CHECK (source IN ('annuaire', 'pli')),
  bal_type TEXT NOT NULL,
  id_nat TEXT,
  rpps TEXT,
  civility TEXT,
  family_name TEXT,
  given_name TEXT,
  -- Person name for PER rows, the organisation (raison sociale, enseigne) for ORG rows.
  name TEXT NOT NULL,
  organisation TEXT,
  profession_code TEXT,
  profession TEXT,
  specialty_code TEXT,
  specialty TEXT,
  street TEXT,
  postcode TEXT,
  city TEXT,
  department TEXT,
  -- Only for Pli BALs whose holder allowed its publication.
  phone TEXT,
  -- SHA-256 of the extract line: an unchanged row costs no index write on refresh.
  row_hash TEXT,
  -- The import run that last saw this row; rows an import did not see are removed.
  seen_run INTEGER,
  -- The import run that last inserted or changed this row.
  changed_run INTEGER,
  updated_at INTEGER NOT NULL
);
CREATE INDEX directory_entries_id_nat ON directory_entries (id_nat);
CREATE INDEX directory_entries_rpps ON directory_entries (rpps);
CREATE INDEX directory_entries_source_run ON directory_entries (source, seen_run);

-- External-content FTS5 index over the searchable columns; diacritics and case folded.
CREATE VIRTUAL TABLE directory_fts USING fts5 (
  name, given_name, family_name, profession, specialty, city, postcode, id_nat, rpps, address,
  content = 'directory_entries',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);

CREATE TRIGGER directory_entries_ai AFTER INSERT ON directory_entries BEGIN
  INSERT INTO directory_fts (rowid, name, given_name, family_name, profession, specialty, city, postcode, id_nat, rpps, address)
  VALUES (new.id, new.name, new.given_name, new.family_name, new.profession, new.specialty, new.city, new.postcode, new.id_nat, new.rpps, new.address);
END;

CREATE TRIGGER directory_entries_ad AFTER DELETE ON directory_entries BEGIN
  INSERT INTO directory_fts (directory_fts, rowid, name, given_name, family_name, profession, specialty, city, postcode, id_nat, rpps, address)
  VALUES ('delete', old.id, old.name, old.given_name, old.family_name, old.profession, old.specialty, old.city, old.postcode, old.id_nat, old.rpps, old.address);
END;

-- Only when an indexed column is written: marking a row as seen does not touch the index.
CREATE TRIGGER directory_entries_au AFTER UPDATE OF name, given_name, family_name, profession, specialty, city, postcode, id_nat, rpps, address ON directory_entries BEGIN
  INSERT INTO directory_fts (directory_fts, rowid, name, given_name, family_name, profession, specialty, city, postcode, id_nat, rpps, address)
  VALUES ('delete', old.id, old.name, old.given_name, old.family_name, old.profession, old.specialty, old.city, old.postcode, old.id_nat, old.rpps, old.address);
  INSERT INTO directory_fts (rowid, name, given_name, family_name, profession, specialty, city, postcode, id_nat, rpps, address)
  VALUES (new.id, new.name, new.given_name, new.family_name, new.profession, new.specialty, new.city, new.postcode, new.id_nat, new.rpps, new.address);
END;

-- One row per import of the extract.
CREATE TABLE directory_imports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
  rows_read INTEGER NOT NULL DEFAULT 0,
  rows_skipped INTEGER NOT NULL DEFAULT 0,
  added INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  removed INTEGER NOT NULL DEFAULT 0
);

-- A user's favourite correspondents (any address, in the directory or not).
CREATE TABLE directory_favourites (
  id_nat TEXT NOT NULL REFERENCES persons (id_nat),
  address TEXT NOT NULL COLLATE NOCASE,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (id_nat, address)
);

-- A user's recent correspondents: the addresses they last wrote to.
CREATE TABLE directory_recents (
  id_nat TEXT NOT NULL REFERENCES persons (id_nat),
  address TEXT NOT NULL COLLATE NOCASE,
  last_used_at INTEGER NOT NULL,
  uses INTEGER NOT NULL DEFAULT 1,
  PRIMARY KEY (id_nat, address)
);
CREATE INDEX directory_recents_recent ON directory_recents (id_nat, last_used_at);
