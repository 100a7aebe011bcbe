import { baseSubject, hasReplyPrefix } from '../../shared/mssante/subject.ts';
import { fold } from '../../shared/text.ts';
import { sha256Hex } from '../bytes.ts';
import {
  MIME_VIOLATIONS,
  type MimeViolation,
  type RawHeader,
  topHeaders,
} from '../mail/mime-tree.ts';
import { type MessageSummary, parseMessage } from '../mail/parse.ts';
import { dropHeaders, indexHeaders } from './email-headers.ts';
import { newId, type Store } from './store.ts';

/** How a message enters the store: delivered, imported or composed. */
export interface NewEmail {
  raw: Uint8Array;
  mailboxIds: string[];
  keywords: string[];
  receivedAt: number;
  quotaBytes: number;
  /** Addresses known only to the sender (not in the raw message). */
  bcc?: { name: string | null; email: string }[] | null;
  /** The message already parsed, when the caller needed it first. */
  summary?: MessageSummary;
  /** The SHA-256 hex of `raw`, when the caller already hashed it. */
  blobId?: string;
  /** The message's own header fields, when the caller already parsed it. */
  headers?: RawHeader[];
  /**
   * Checked inside the write transaction: returns the id of an email that makes this one a
   * duplicate (nothing is then written), or null.
   */
  duplicateOf?: () => string | null;
  /** More writes inside the same transaction, given the new email's id. */
  onInsert?: (emailId: string) => void;
}

export type InsertResult =
  | { ok: true; emailId: string; threadId: string; blobId: string; summary: MessageSummary }
  | { ok: false; reason: 'over_quota' }
  | { ok: false; reason: 'too_complex'; violation: MimeViolation; description: string }
  | { ok: false; reason: 'duplicate'; emailId: string };

const joinAddresses = (list: { name: string | null; email: string }[] | null) =>
  fold((list ?? []).map((a) => `${a.name ?? ''} <${a.email}>`).join(', '));

/** At most this many correspondents of a message are keyed for threading by subject. */
const SUBJECT_KEY_PEERS = 20;

/**
 * The keys by which later replies find a message's thread by subject: one per pair of
 * correspondents (the sender with each recipient, unordered) and the base subject. They
 * live in `thread_refs` beside the Message-IDs, with a space in them so that no Message-ID
 * (RFC 5322 `msg-id` has none) can collide.
 */
function subjectKeys(summary: MessageSummary): string[] {
  const base = baseSubject(summary.subject);
  const sender = summary.from?.[0]?.email.toLowerCase();
  if (!base || !sender) return [];
  const peers = new Set(
    [...(summary.to ?? []), ...(summary.cc ?? [])]
      .map((a) => a.email.toLowerCase())
      .filter((a) => a !== sender),
  );
  return [...peers]
    .slice(0, SUBJECT_KEY_PEERS)
    .map((peer) => `subject ${[sender, peer].sort().join(' ')} ${base}`);
}

/**
 * Picks the thread of a message: the thread of the newest id it references (References,
 * In-Reply-To), or of its own Message-ID (a copy); failing those, for a subject marked as a
 * reply or forward (`Re :`, `TR :`…), the newest thread between the same two correspondents
 * with the same base subject (clients that drop References, a reply to a message this BAL
 * never had); else a new thread. A subject alone never joins unmarked messages: the daily
 * "Résultats de biologie" of a laboratory stay apart.
 */
function threadFor(store: Store, summary: MessageSummary, keys: string[]): string {
  const lookup = (id: string) =>
    store.one<{ thread_id: string }>('SELECT thread_id FROM thread_refs WHERE message_id = ?', id)
      ?.thread_id;
  const ids = [...(summary.references ?? []), ...(summary.inReplyTo ?? [])].reverse();
  for (const id of [...ids, ...(summary.messageId ?? [])]) {
    const thread = lookup(id);
    if (thread) return thread;
  }
  if (hasReplyPrefix(summary.subject)) {
    for (const key of keys) {
      const thread = lookup(key);
      if (thread) return thread;
    }
  }
  return newId('T');
}

/**
 * Stores a message: its raw bytes once in R2 (content-addressed, counted against the
 * quota), then, atomically, the email row, its thread, folders, keywords and the JMAP
 * changes. Nothing is written when the quota would be exceeded, nor for a message over the
 * structure limits of `shared/mssante/limits.ts` (`too_complex`; a caller passing `summary`
 * has checked them).
 */
export async function insertEmail(store: Store, input: NewEmail): Promise<InsertResult> {
  let summary = input.summary;
  let headers = input.headers;
  if (!summary) {
    const parsed = parseMessage(input.raw);
    if (parsed.violation) {
      const { violation } = parsed;
      return {
        ok: false,
        reason: 'too_complex',
        violation,
        description: MIME_VIOLATIONS[violation],
      };
    }
    summary = parsed.summary;
    headers ??= parsed.root.headers;
  }
  if (input.bcc) summary.bcc = input.bcc;
  const blobId = input.blobId ?? (await sha256Hex(input.raw));
  const stored = await store.putBlob(blobId, input.raw, 'message/rfc822', input.quotaBytes);
  if (!stored) return { ok: false, reason: 'over_quota' };
  const emailId = newId('M');
  const { searchText, ...kept } = summary;
  let duplicate: string | null = null;
  const threadId = store.transaction(() => {
    duplicate = input.duplicateOf?.() ?? null;
    if (duplicate) return '';
    const keys = subjectKeys(summary);
    const threadId = threadFor(store, summary, keys);
    const threadExists = store.one(
      'SELECT 1 AS x FROM emails WHERE thread_id = ? LIMIT 1',
      threadId,
    );
    const refs = [
      ...(summary.messageId ?? []),
      ...(summary.inReplyTo ?? []),
      ...(summary.references ?? []),
    ];
    for (const ref of refs) {
      store.run(
        'INSERT OR IGNORE INTO thread_refs (message_id, thread_id) VALUES (?, ?)',
        ref,
        threadId,
      );
    }
    // The newest thread between two correspondents on a subject is the one a reply joins.
    for (const key of keys) {
      store.run(
        'INSERT OR REPLACE INTO thread_refs (message_id, thread_id) VALUES (?, ?)',
        key,
        threadId,
      );
    }
    const sentAt = summary.sentAt ? Date.parse(summary.sentAt) : null;
    store.run(
      `INSERT INTO emails (id, blob_id, thread_id, message_id, size, received_at, sent_at,
         has_attachment, summary, s_subject, s_from, s_to, s_cc, s_bcc)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      emailId,
      blobId,
      threadId,
      summary.messageId?.[0] ?? null,
      input.raw.byteLength,
      input.receivedAt,
      sentAt,
      summary.hasAttachment ? 1 : 0,
      JSON.stringify(kept),
      fold(summary.subject),
      joinAddresses(summary.from),
      joinAddresses(summary.to),
      joinAddresses(summary.cc),
      joinAddresses(summary.bcc),
    );
    store.run(
      `INSERT INTO email_search (rowid, subject, addresses, body)
       VALUES ((SELECT rowid FROM emails WHERE id = ?), ?, ?, ?)`,
      emailId,
      summary.subject ?? '',
      [summary.from, summary.to, summary.cc, summary.bcc]
        .flatMap((list) => list ?? [])
        .map((a) => `${a.name ?? ''} <${a.email}>`)
        .join(', '),
      searchText,
    );
    for (const mailboxId of input.mailboxIds) {
      store.run(
        'INSERT INTO email_mailboxes (mailbox_id, email_id) VALUES (?, ?)',
        mailboxId,
        emailId,
      );
      store.change('Mailbox', mailboxId, 'updated');
    }
    for (const keyword of input.keywords) {
      store.run('INSERT INTO email_keywords (email_id, keyword) VALUES (?, ?)', emailId, keyword);
    }
    indexHeaders(store, emailId, headers ?? topHeaders(input.raw));
    store.change('Email', emailId, 'created');
    store.change('Thread', threadId, threadExists ? 'updated' : 'created');
    input.onInsert?.(emailId);
    return threadId;
  });
  if (duplicate) {
    await store.dropBlobIfUnused(blobId);
    return { ok: false, reason: 'duplicate', emailId: duplicate };
  }
  return { ok: true, emailId, threadId, blobId, summary };
}

/** The folder ids of an email. */
export function mailboxesOf(store: Store, emailId: string): string[] {
  return store
    .all<{ mailbox_id: string }>(
      'SELECT mailbox_id FROM email_mailboxes WHERE email_id = ?',
      emailId,
    )
    .map((r) => r.mailbox_id);
}

/** The keywords of an email. */
export function keywordsOf(store: Store, emailId: string): string[] {
  return store
    .all<{ keyword: string }>('SELECT keyword FROM email_keywords WHERE email_id = ?', emailId)
    .map((r) => r.keyword);
}

/** Replaces an email's folders and keywords, logging what changed. Synchronous. */
export function updateEmail(
  store: Store,
  emailId: string,
  next: { mailboxIds?: string[]; keywords?: string[] },
): { moved: boolean } {
  let moved = false;
  let changed = false;
  const threadId = store.one<{ thread_id: string }>(
    'SELECT thread_id FROM emails WHERE id = ?',
    emailId,
  )?.thread_id as string;
  const before = mailboxesOf(store, emailId);
  if (next.mailboxIds) {
    const after = new Set(next.mailboxIds);
    for (const id of before) {
      if (!after.has(id)) {
        store.run('DELETE FROM email_mailboxes WHERE mailbox_id = ? AND email_id = ?', id, emailId);
        store.change('Mailbox', id, 'updated');
        moved = true;
      }
    }
    for (const id of after) {
      if (!before.includes(id)) {
        store.run('INSERT INTO email_mailboxes (mailbox_id, email_id) VALUES (?, ?)', id, emailId);
        store.change('Mailbox', id, 'updated');
        moved = true;
      }
    }
    changed ||= moved;
  }
  if (next.keywords) {
    const old = new Set(keywordsOf(store, emailId));
    const now = new Set(next.keywords);
    const differs = old.size !== now.size || [...now].some((k) => !old.has(k));
    if (differs) {
      // Only the keywords that differ: each row written raises the IMAP modseq (triggers).
      for (const k of old)
        if (!now.has(k))
          store.run('DELETE FROM email_keywords WHERE email_id = ? AND keyword = ?', emailId, k);
      for (const k of now)
        if (!old.has(k))
          store.run('INSERT INTO email_keywords (email_id, keyword) VALUES (?, ?)', emailId, k);
      // Unread counts of its folders change with $seen.
      for (const id of next.mailboxIds ?? before) store.change('Mailbox', id, 'updated');
      changed = true;
    }
  }
  if (changed) {
    store.change('Email', emailId, 'updated');
    store.change('Thread', threadId, 'updated');
  }
  return { moved };
}

/** Removes an email (its blob too when no other email uses it). */
export async function destroyEmail(store: Store, emailId: string): Promise<boolean> {
  const row = store.one<{ blob_id: string; thread_id: string }>(
    'SELECT blob_id, thread_id FROM emails WHERE id = ?',
    emailId,
  );
  if (!row) return false;
  store.transaction(() => {
    for (const id of mailboxesOf(store, emailId)) store.change('Mailbox', id, 'updated');
    store.run('DELETE FROM email_mailboxes WHERE email_id = ?', emailId);
    store.run('DELETE FROM email_keywords WHERE email_id = ?', emailId);
    dropHeaders(store, emailId);
    store.run(
      'DELETE FROM email_search WHERE rowid = (SELECT rowid FROM emails WHERE id = ?)',
      emailId,
    );
    store.run('DELETE FROM emails WHERE id = ?', emailId);
    store.change('Email', emailId, 'destroyed');
    const left = store.one('SELECT 1 AS x FROM emails WHERE thread_id = ? LIMIT 1', row.thread_id);
    store.change('Thread', row.thread_id, left ? 'updated' : 'destroyed');
  });
  await store.dropBlobIfUnused(row.blob_id);
  return true;
}
