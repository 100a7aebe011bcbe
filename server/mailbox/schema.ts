import { IMAP_VANISHED_KEPT } from '../../shared/jmap/imap.ts';

/**
 * The mailbox's SQLite schema, as ordered migrations applied once each inside the DO
 * (`meta.schema_version` records how far a mailbox went). Append; never edit a shipped step.
 */
export const SCHEMA_STEPS: string[] = [
  `

  -- JMAP Mailbox: folders with roles (inbox, drafts, sent, trash, archive, junk) and user folders.
  CREATE TABLE mailboxes (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    parent_id TEXT,
    role TEXT UNIQUE,
    sort_order INTEGER NOT NULL DEFAULT 0,
    is_subscribed INTEGER NOT NULL DEFAULT 1
  );
  -- Raw messages and uploads, content-addressed (id = SHA-256 hex); bytes live in R2.
  CREATE TABLE blobs (
    id TEXT PRIMARY KEY,
    size INTEGER NOT NULL,
    type TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE emails (
    id TEXT PRIMARY KEY,
    blob_id TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    message_id TEXT,
    size INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    sent_at INTEGER,
    has_attachment INTEGER NOT NULL DEFAULT 0,
    -- The MessageSummary (addresses, subject, ids, preview...) as JSON.
    summary TEXT NOT NULL,
    -- Folded (lowercase, no accents) copies for search and sort.
    s_subject TEXT NOT NULL DEFAULT '',
    s_from TEXT NOT NULL DEFAULT '',
    s_to TEXT NOT NULL DEFAULT '',
    s_cc TEXT NOT NULL DEFAULT '',
    s_bcc TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX emails_received ON emails (received_at DESC, id);
  CREATE INDEX emails_thread ON emails (thread_id, received_at);
  CREATE INDEX emails_message_id ON emails (message_id);
  CREATE INDEX emails_blob ON emails (blob_id);
  CREATE TABLE email_text (email_id TEXT PRIMARY KEY, body TEXT NOT NULL);
  CREATE TABLE email_mailboxes (
    mailbox_id TEXT NOT NULL,
    email_id TEXT NOT NULL,
    PRIMARY KEY (mailbox_id, email_id)
  );
  CREATE INDEX email_mailboxes_email ON email_mailboxes (email_id);
  CREATE TABLE email_keywords (
    email_id TEXT NOT NULL,
    keyword TEXT NOT NULL,
    PRIMARY KEY (email_id, keyword)
  );
  CREATE INDEX email_keywords_keyword ON email_keywords (keyword, email_id);
  -- Every Message-ID seen (own and referenced) and the thread it belongs to.
  CREATE TABLE thread_refs (message_id TEXT PRIMARY KEY, thread_id TEXT NOT NULL);
  CREATE TABLE identities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    reply_to TEXT,
    bcc TEXT,
    text_signature TEXT NOT NULL DEFAULT '',
    html_signature TEXT NOT NULL DEFAULT '',
    may_delete INTEGER NOT NULL DEFAULT 1
  );
  CREATE TABLE submissions (
    id TEXT PRIMARY KEY,
    identity_id TEXT NOT NULL,
    email_id TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    envelope TEXT NOT NULL,
    send_at INTEGER NOT NULL,
    undo_status TEXT NOT NULL,
    delivery_status TEXT NOT NULL
  );
  CREATE INDEX submissions_send_at ON submissions (send_at);
  -- JMAP change log: one row per object and type, its last modseq, and a tombstone flag.
  CREATE TABLE changes (
    type TEXT NOT NULL,
    id TEXT NOT NULL,
    created INTEGER NOT NULL,
    modseq INTEGER NOT NULL,
    destroyed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (type, id)
  );
  CREATE INDEX changes_modseq ON changes (type, modseq);
  -- Messages this BAL sent to patients: the patient may reply to these, until one closes.
  CREATE TABLE patient_sent (
    message_id TEXT NOT NULL,
    patient TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    closes INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (message_id, patient)
  );
  CREATE INDEX patient_sent_thread ON patient_sent (thread_id, patient);
  -- Idempotence of deliver(): 'sha:<raw SHA-256>' and 'mid:<Message-ID>' of each delivery.
  CREATE TABLE deliveries (key TEXT PRIMARY KEY, email_id TEXT NOT NULL);
  `,
  // Full-text search: a trigram index (substring matches, case and accents ignored) over
  // subject, addresses and body text, keyed by the emails table's rowid. Replaces
  // email_text, whose rows it takes over.
  `
  CREATE VIRTUAL TABLE email_search USING fts5(
    subject, addresses, body, tokenize = 'trigram remove_diacritics 1'
  );
  INSERT INTO email_search (rowid, subject, addresses, body)
    SELECT e.rowid, e.s_subject, e.s_from || ' ' || e.s_to || ' ' || e.s_cc || ' ' || e.s_bcc, t.body
      FROM emails e JOIN email_text t ON t.email_id = e.id;
  DROP TABLE email_text;
  `,
  // Send once: an Email is submitted at most once. The claim is taken before anything is
  // dispatched and outlives the submission object (EmailSubmission/set destroy keeps it).
  `
  CREATE TABLE sent_emails (email_id TEXT PRIMARY KEY, submission_id TEXT NOT NULL);
  INSERT OR IGNORE INTO sent_emails (email_id, submission_id) SELECT email_id, id FROM submissions;
  `,
  // The header fields of each message, for the Email/query `header` filter (name in lower
  // case, folded Text value). Emails stored before are pending: indexed from their raw
  // message at the first query that needs it (server/mailbox/email-headers.ts).
  `
  CREATE TABLE email_headers (email_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL);
  CREATE INDEX email_headers_name ON email_headers (name, email_id);
  CREATE INDEX email_headers_email ON email_headers (email_id);
  CREATE TABLE email_headers_pending (email_id TEXT PRIMARY KEY);
  INSERT INTO email_headers_pending (email_id) SELECT id FROM emails;
  `,
  // Listing by index: each folder membership carries its email's receivedAt (kept by the
  // triggers below, whatever writes the rows), so that a folder's newest page is a walk of
  // (mailbox_id, received_at DESC, email_id) rather than a sort of the whole folder; the
  // thread index carries the id, for the collapseThreads check and Thread/get order.
  `
  ALTER TABLE email_mailboxes ADD COLUMN received_at INTEGER NOT NULL DEFAULT 0;
  UPDATE email_mailboxes SET received_at =
    coalesce((SELECT e.received_at FROM emails e WHERE e.id = email_mailboxes.email_id), 0);
  CREATE INDEX email_mailboxes_received ON email_mailboxes (mailbox_id, received_at DESC, email_id);
  CREATE TRIGGER email_mailboxes_received_at AFTER INSERT ON email_mailboxes BEGIN
    UPDATE email_mailboxes
       SET received_at = coalesce((SELECT e.received_at FROM emails e WHERE e.id = NEW.email_id), 0)
     WHERE mailbox_id = NEW.mailbox_id AND email_id = NEW.email_id;
  END;
  CREATE TRIGGER emails_received_at_insert AFTER INSERT ON emails BEGIN
    UPDATE email_mailboxes SET received_at = NEW.received_at WHERE email_id = NEW.id;
  END;
  CREATE TRIGGER emails_received_at_update AFTER UPDATE OF received_at ON emails BEGIN
    UPDATE email_mailboxes SET received_at = NEW.received_at WHERE email_id = NEW.id;
  END;
  DROP INDEX emails_thread;
  CREATE INDEX emails_thread ON emails (thread_id, received_at, id);
  `,
  // IMAP (urn:pli:params:jmap:imap, server/mailbox/imap.ts): a UID per message in each
  // folder and a modseq per membership row, kept by triggers whatever code writes the rows.
  // `imap_folders` has a row per folder (UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ, the modseq
  // at or below which its tombstones were forgotten, how many it had) and the account row
  // '' (the account's modseq counter and the last UIDVALIDITY given); rows are bumped
  // together in one UPDATE. `imap_vanished` keeps the UIDs removed from each folder, with
  // the modseq of their removal, the newest IMAP_VANISHED_KEPT of them (pruned every 64).
  // Existing mail gets UIDs in receivedAt order, modseq 1.
  // (The limit is read when the step runs: changing it takes a new step.)
  `
  ALTER TABLE email_mailboxes ADD COLUMN uid INTEGER;
  ALTER TABLE email_mailboxes ADD COLUMN modseq INTEGER NOT NULL DEFAULT 1;
  CREATE TABLE imap_folders (
    mailbox_id TEXT PRIMARY KEY,
    uid_validity INTEGER NOT NULL,
    uid_next INTEGER NOT NULL,
    highest_modseq INTEGER NOT NULL,
    vanished_floor INTEGER NOT NULL DEFAULT 0,
    vanished_count INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE imap_vanished (
    mailbox_id TEXT NOT NULL,
    modseq INTEGER NOT NULL,
    uid INTEGER NOT NULL,
    PRIMARY KEY (mailbox_id, modseq)
  ) WITHOUT ROWID;
  INSERT INTO imap_folders (mailbox_id, uid_validity, uid_next, highest_modseq)
    VALUES ('', unixepoch(), 1, 1);
  UPDATE email_mailboxes SET uid = r.n
    FROM (SELECT mailbox_id, email_id,
                 row_number() OVER (PARTITION BY mailbox_id ORDER BY received_at, email_id) AS n
            FROM email_mailboxes) AS r
   WHERE r.mailbox_id = email_mailboxes.mailbox_id AND r.email_id = email_mailboxes.email_id;
  INSERT INTO imap_folders (mailbox_id, uid_validity, uid_next, highest_modseq)
    SELECT b.id, (SELECT uid_validity FROM imap_folders WHERE mailbox_id = ''),
           1 + (SELECT count(*) FROM email_mailboxes m WHERE m.mailbox_id = b.id), 1
      FROM mailboxes b;
  CREATE UNIQUE INDEX email_mailboxes_uid ON email_mailboxes (mailbox_id, uid);
  CREATE TRIGGER mailboxes_imap_insert AFTER INSERT ON mailboxes BEGIN
    UPDATE imap_folders SET uid_validity = max(uid_validity + 1, unixepoch()) WHERE mailbox_id = '';
    INSERT INTO imap_folders (mailbox_id, uid_validity, uid_next, highest_modseq)
      SELECT NEW.id, uid_validity, 1, highest_modseq FROM imap_folders WHERE mailbox_id = '';
  END;
  CREATE TRIGGER mailboxes_imap_delete AFTER DELETE ON mailboxes BEGIN
    DELETE FROM imap_folders WHERE mailbox_id = OLD.id;
    DELETE FROM imap_vanished WHERE mailbox_id = OLD.id;
  END;
  DROP TRIGGER email_mailboxes_received_at;
  CREATE TRIGGER email_mailboxes_received_at AFTER INSERT ON email_mailboxes BEGIN
    UPDATE imap_folders
       SET highest_modseq = (SELECT highest_modseq + 1 FROM imap_folders WHERE mailbox_id = ''),
           uid_next = uid_next + (mailbox_id <> '')
     WHERE mailbox_id IN ('', NEW.mailbox_id);
    UPDATE email_mailboxes
       SET received_at = coalesce((SELECT e.received_at FROM emails e WHERE e.id = NEW.email_id), 0),
           uid = (SELECT f.uid_next - 1 FROM imap_folders f WHERE f.mailbox_id = NEW.mailbox_id),
           modseq = (SELECT f.highest_modseq FROM imap_folders f WHERE f.mailbox_id = '')
     WHERE mailbox_id = NEW.mailbox_id AND email_id = NEW.email_id;
  END;
  CREATE TRIGGER email_mailboxes_imap_delete AFTER DELETE ON email_mailboxes BEGIN
    UPDATE imap_folders
       SET highest_modseq = (SELECT highest_modseq + 1 FROM imap_folders WHERE mailbox_id = ''),
           vanished_count = vanished_count + (mailbox_id <> '')
     WHERE mailbox_id IN ('', OLD.mailbox_id);
    INSERT INTO imap_vanished (mailbox_id, modseq, uid)
      SELECT OLD.mailbox_id, f.highest_modseq, OLD.uid FROM imap_folders f
       WHERE f.mailbox_id = OLD.mailbox_id AND OLD.uid IS NOT NULL;
    UPDATE imap_folders
       SET vanished_floor = coalesce((SELECT v.modseq FROM imap_vanished v
                                       WHERE v.mailbox_id = OLD.mailbox_id
                                       ORDER BY v.modseq DESC LIMIT 1 OFFSET ${IMAP_VANISHED_KEPT}),
                                     vanished_floor)
     WHERE mailbox_id = OLD.mailbox_id AND vanished_count % 64 = 0;
    DELETE FROM imap_vanished
     WHERE mailbox_id = OLD.mailbox_id
       AND modseq <= (SELECT f.vanished_floor FROM imap_folders f WHERE f.mailbox_id = OLD.mailbox_id);
  END;
  CREATE TRIGGER email_keywords_imap_insert AFTER INSERT ON email_keywords BEGIN
    UPDATE imap_folders
       SET highest_modseq = (SELECT highest_modseq + 1 FROM imap_folders WHERE mailbox_id = '')
     WHERE mailbox_id = ''
        OR mailbox_id IN (SELECT m.mailbox_id FROM email_mailboxes m WHERE m.email_id = NEW.email_id);
    UPDATE email_mailboxes
       SET modseq = (SELECT f.highest_modseq FROM imap_folders f WHERE f.mailbox_id = '')
     WHERE email_id = NEW.email_id;
  END;
  CREATE TRIGGER email_keywords_imap_delete AFTER DELETE ON email_keywords BEGIN
    UPDATE imap_folders
       SET highest_modseq = (SELECT highest_modseq + 1 FROM imap_folders WHERE mailbox_id = '')
     WHERE mailbox_id = ''
        OR mailbox_id IN (SELECT m.mailbox_id FROM email_mailboxes m WHERE m.email_id = OLD.email_id);
    UPDATE email_mailboxes
       SET modseq = (SELECT f.highest_modseq FROM imap_folders f WHERE f.mailbox_id = '')
     WHERE email_id = OLD.email_id;
  END;
  `,
  `
  -- JMAP VacationResponse (RFC 8621 section 8): the one absence reply of the BAL, off
  -- until set; \`mss_replacement\` is the colleague suggested meanwhile.
  CREATE TABLE vacation_response (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    is_enabled INTEGER NOT NULL DEFAULT 0,
    from_date TEXT,
    to_date TEXT,
    subject TEXT,
    text_body TEXT,
    html_body TEXT,
    mss_replacement TEXT
  );
  INSERT INTO vacation_response (id) VALUES (1);
  -- The senders already answered in the current absence period (emptied when it changes).
  CREATE TABLE vacation_replied (sender TEXT PRIMARY KEY, replied_at INTEGER NOT NULL) WITHOUT ROWID;
  `,
  // Delivery tracking (EmailSubmission deliveryStatus, dsnBlobIds, mdnBlobIds): each
  // submission keeps its message's Message-ID, and every DSN or MDN received is recorded
  // with what it says of each recipient (kept after the report itself is deleted, so the
  // status stays known; its blob id is listed only while the report email exists).
  `
  ALTER TABLE submissions ADD COLUMN message_id TEXT;
  UPDATE submissions SET message_id = (SELECT e.message_id FROM emails e WHERE e.id = submissions.email_id);
  CREATE INDEX submissions_message_id ON submissions (message_id);
  CREATE TABLE delivery_reports (
    email_id TEXT PRIMARY KEY,
    original_message_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('dsn', 'mdn')),
    recipients TEXT NOT NULL,
    received_at INTEGER NOT NULL
  );
  CREATE INDEX delivery_reports_original ON delivery_reports (original_message_id, received_at);
  `,
  // Filing rules (shared/rules/filing-rules.ts), in the order they apply; `rule` is the
  // rule as FilingRuleInputSchema checked it, as JSON.
  `
  CREATE TABLE filing_rules (id TEXT PRIMARY KEY, position INTEGER NOT NULL, rule TEXT NOT NULL);
  CREATE INDEX filing_rules_position ON filing_rules (position, id);
  `,
  // Per-folder retention (shared/rules/folder-retention.ts): months, and when it was set.
  `
  ALTER TABLE mailboxes ADD COLUMN retention_months INTEGER;
  ALTER TABLE mailboxes ADD COLUMN retention_since INTEGER;
  `,
  // Signatures: the identity the webmail's composer starts with (Pli's mssIsDefault).
  `
  ALTER TABLE identities ADD COLUMN is_default INTEGER NOT NULL DEFAULT 0;
  `,
];
