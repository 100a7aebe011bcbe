-- The MSSanté whitelist (liste blanche): the operator domains of the trust space, imported
-- from the official listeblanchemssante.xml. Each import tags the rows it wrote; rows of
-- older imports are deleted once an import completes.
CREATE TABLE whitelist_domains (
  name TEXT PRIMARY KEY COLLATE NOCASE,
  description TEXT,
  -- DN of the operator's IGC Santé certificate.
  operator_dn TEXT,
  responsable_contact TEXT,
  support_contact TEXT,
  -- DateMAJ of the list, as published.
  updated_on TEXT,
  import_id INTEGER NOT NULL
);
CREATE INDEX whitelist_domains_import ON whitelist_domains (import_id);

CREATE TABLE whitelist_imports (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  -- DateDeGeneration of the list, as published.
  generated_on TEXT,
  source TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  domain_count INTEGER NOT NULL DEFAULT 0
);
