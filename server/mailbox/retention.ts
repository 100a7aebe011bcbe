import { utcDate } from '../../shared/jmap/types.ts';
import {
  dueCutoff,
  FOLDER_RETENTION,
  goesAt,
  RETENTION_WARNING_MS,
  type RetentionPolicy,
  warningCutoff,
} from '../../shared/rules/folder-retention.ts';
import { recordTrace } from '../storage/traces.ts';
import { destroyEmail, mailboxesOf, updateEmail } from './emails.ts';
import type { Store } from './store.ts';

/** A folder with a retention (shared/rules/folder-retention.ts). */
interface RetainedFolder extends RetentionPolicy {
  id: string;
  role: string | null;
}

/** The folders of this mailbox that keep their mail for a while only. */
export function retainedFolders(store: Store): RetainedFolder[] {
  return store
    .all<{ id: string; role: string | null; months: number; since: number }>(
      `SELECT id, role, retention_months AS months, retention_since AS since
         FROM mailboxes WHERE retention_months IS NOT NULL`,
    )
    .map((r) => ({ id: r.id, role: r.role, months: r.months, since: r.since }));
}

/**
 * What the folder's retention announces at `now`: how many of its messages go within the
 * warning period, and from when the first of them may go; null when none does.
 */
export function retentionWarning(
  store: Store,
  folder: RetentionPolicy & { id: string },
  now: number,
): { count: number; from: string } | null {
  const row = store.one<{ count: number; oldest: number | null }>(
    `SELECT count(*) AS count, min(received_at) AS oldest FROM email_mailboxes
      WHERE mailbox_id = ? AND received_at <= ?`,
    folder.id,
    warningCutoff(folder, now),
  );
  if (!row?.count || row.oldest === null) return null;
  const from = Math.max(goesAt(folder, row.oldest), now);
  return { count: row.count, from: utcDate(from) };
}

/** Sets or clears a folder's retention; its warning period starts now. */
export function setRetention(store: Store, mailboxId: string, months: number | null, now: number) {
  store.run(
    'UPDATE mailboxes SET retention_months = ?, retention_since = ? WHERE id = ?',
    months,
    months === null ? null : now,
    mailboxId,
  );
}

/** When the mailbox's alarm should next sweep: null while no folder has a retention. */
export function nextSweepAt(store: Store, now: number): number | null {
  const folders = retainedFolders(store);
  if (folders.length === 0) return null;
  // The first sweep of a new retention runs as its warning period ends.
  const firsts = folders.map((f) => f.since + RETENTION_WARNING_MS).filter((at) => at > now);
  return Math.min(now + FOLDER_RETENTION.sweepEveryMs, ...firsts);
}

/**
 * The sweep: in every folder with a retention, the mail past it (and announced for the
 * whole warning period) goes to the Corbeille, or from the Corbeille for good. A message
 * also filed in another folder only leaves this one. Returns how many messages left a
 * folder, and whether more are due (a batch was full); the counts (never what the
 * messages were) go to the traces.
 */
export async function sweepRetention(
  store: Store,
  now: number,
): Promise<{ count: number; more: boolean }> {
  const trash = store.one<{ id: string }>(`SELECT id FROM mailboxes WHERE role = 'trash'`)?.id;
  let moved = 0;
  let deleted = 0;
  let more = false;
  for (const folder of retainedFolders(store)) {
    const cutoff = dueCutoff(folder, now);
    if (cutoff === null) continue;
    const due = store
      .all<{ email_id: string }>(
        `SELECT email_id FROM email_mailboxes WHERE mailbox_id = ? AND received_at <= ?
          ORDER BY received_at LIMIT ?`,
        folder.id,
        cutoff,
        FOLDER_RETENTION.sweepBatch,
      )
      .map((r) => r.email_id);
    more ||= due.length === FOLDER_RETENTION.sweepBatch;
    for (const emailId of due) {
      const others = mailboxesOf(store, emailId).filter((id) => id !== folder.id);
      if (others.length > 0) {
        store.transaction(() => updateEmail(store, emailId, { mailboxIds: others }));
        moved++;
      } else if (folder.role === 'trash' || !trash) {
        if (await destroyEmail(store, emailId)) deleted++;
      } else {
        store.transaction(() => updateEmail(store, emailId, { mailboxIds: [trash] }));
        moved++;
      }
    }
  }
  if (moved + deleted > 0) {
    await recordTrace(store.env.DB, {
      kind: 'mail_retention',
      balId: store.balId,
      channel: 'retention',
      detail: `moved=${moved} deleted=${deleted}`,
      at: now,
    });
  }
  return { count: moved + deleted, more };
}
