/**
 * Reads of the IMAP state the mailbox keeps for the gateway (`urn:pli:params:jmap:imap`).
 * Everything is written by the SQLite triggers of `schema.ts` (the IMAP step), whatever code
 * adds or removes a folder membership or a keyword: a membership row gets its folder's next
 * UID and a new modseq, a keyword change gives each row of the email a new modseq, a
 * removal leaves a tombstone in `imap_vanished`. Modseqs come from one account counter (the
 * `imap_folders` row `''`), bumped in the same UPDATE as the folder's row.
 */
import type { ImapFolderMessage, ImapMailboxProperties } from '../../shared/jmap/imap.ts';
import type { Store } from './store.ts';

interface FolderRow extends Record<string, SqlStorageValue> {
  mailbox_id: string;
  uid_validity: number;
  uid_next: number;
  highest_modseq: number;
  vanished_floor: number;
}

const toFolder = (row: FolderRow): ImapMailboxProperties & { vanishedFloor: number } => ({
  uidValidity: row.uid_validity,
  uidNext: row.uid_next,
  highestModSeq: row.highest_modseq,
  vanishedFloor: row.vanished_floor,
});

/** The IMAP counters of every folder, by mailbox id (one query). */
export function imapFolders(store: Store): Map<string, ImapMailboxProperties> {
  const rows = store.all<FolderRow>(
    `SELECT mailbox_id, uid_validity, uid_next, highest_modseq, vanished_floor
       FROM imap_folders WHERE mailbox_id <> ''`,
  );
  return new Map(
    rows.map((row) => {
      const { vanishedFloor: _, ...folder } = toFolder(row);
      return [row.mailbox_id, folder];
    }),
  );
}

/** The IMAP counters of one folder and its tombstone floor, or null for an unknown one. */
export function imapFolder(
  store: Store,
  mailboxId: string,
): (ImapMailboxProperties & { vanishedFloor: number }) | null {
  const row = store.one<FolderRow>(
    `SELECT mailbox_id, uid_validity, uid_next, highest_modseq, vanished_floor
       FROM imap_folders WHERE mailbox_id = ? AND mailbox_id <> ''`,
    mailboxId,
  );
  return row ? toFolder(row) : null;
}

/**
 * A folder's messages in ascending UID order, each `[uid, emailId, modSeq, keywords]`
 * (those with a modseq above `sinceModSeq` when given): one query walking the folder's UID
 * index, the keywords read by primary key per row.
 */
export function imapMessages(
  store: Store,
  mailboxId: string,
  sinceModSeq: number | null,
): ImapFolderMessage[] {
  const rows = store.all<{ uid: number; email_id: string; modseq: number; keywords: string }>(
    `SELECT m.uid, m.email_id, m.modseq,
            (SELECT json_group_array(k.keyword) FROM email_keywords k WHERE k.email_id = m.email_id)
              AS keywords
       FROM email_mailboxes m INDEXED BY email_mailboxes_uid
      WHERE m.mailbox_id = ? AND m.uid IS NOT NULL AND m.modseq > ?
      ORDER BY m.uid`,
    mailboxId,
    sinceModSeq ?? 0,
  );
  return rows.map((r) => [r.uid, r.email_id, r.modseq, JSON.parse(r.keywords) as string[]]);
}

/** The UIDs removed from a folder with a modseq above `sinceModSeq`, ascending. */
export function imapVanished(store: Store, mailboxId: string, sinceModSeq: number): number[] {
  return store
    .all<{ uid: number }>(
      'SELECT uid FROM imap_vanished WHERE mailbox_id = ? AND modseq > ? ORDER BY uid',
      mailboxId,
      sinceModSeq,
    )
    .map((r) => r.uid);
}

/**
 * The UID of each email in each of its folders and its modseq (the highest over its
 * folders), for a list of emails (one query; the ids travel as one JSON bind).
 */
export function imapOfEmails(
  store: Store,
  ids: string[],
): Map<string, { imapUids: Record<string, number>; modSeq: number }> {
  const byEmail = new Map<string, { imapUids: Record<string, number>; modSeq: number }>();
  const rows = store.all<{ email_id: string; mailbox_id: string; uid: number; modseq: number }>(
    `SELECT email_id, mailbox_id, uid, modseq FROM email_mailboxes
      WHERE email_id IN (SELECT value FROM json_each(?)) AND uid IS NOT NULL`,
    JSON.stringify(ids),
  );
  for (const row of rows) {
    const entry = byEmail.get(row.email_id) ?? { imapUids: {}, modSeq: 0 };
    entry.imapUids[row.mailbox_id] = row.uid;
    entry.modSeq = Math.max(entry.modSeq, row.modseq);
    byEmail.set(row.email_id, entry);
  }
  return byEmail;
}
