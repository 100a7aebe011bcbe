import { fold } from '../../shared/text.ts';
import { type RawHeader, topHeaders } from '../mail/mime-tree.ts';
import { asText } from '../mail/parse.ts';
import type { Store } from './store.ts';

/** Characters of a header value kept for the `header` filter (a field is at most 8 KiB). */
const VALUE_CHARS = 2048;

/**
 * Indexes the header fields of a message's header section for the Email/query `header`
 * filter (RFC 8621 section 4.4.1): the name in lower case, the value in its Text form,
 * folded like the other search columns. Synchronous: runs inside insertEmail's transaction.
 * `fields` are the message's own header fields (`topHeaders`, or the parsed root's).
 */
export function indexHeaders(store: Store, emailId: string, fields: RawHeader[]): void {
  for (const field of fields) {
    store.run(
      'INSERT INTO email_headers (email_id, name, value) VALUES (?, ?, ?)',
      emailId,
      field.name.toLowerCase(),
      fold(asText(field.value)).slice(0, VALUE_CHARS),
    );
  }
}

/** Forgets an email's indexed header fields. */
export function dropHeaders(store: Store, emailId: string): void {
  store.run('DELETE FROM email_headers WHERE email_id = ?', emailId);
  store.run('DELETE FROM email_headers_pending WHERE email_id = ?', emailId);
}

/**
 * Indexes the emails stored before the header index existed (listed once in
 * `email_headers_pending` by the schema step), reading their raw messages from R2. Called
 * before a query that filters on headers; a no-op once they are all done.
 */
export async function indexPendingHeaders(store: Store): Promise<void> {
  const pending = store.all<{ email_id: string; blob_id: string }>(
    `SELECT p.email_id, e.blob_id FROM email_headers_pending p JOIN emails e ON e.id = p.email_id`,
  );
  for (const row of pending) {
    const raw = await store.readBlob(row.blob_id);
    store.transaction(() => {
      store.run('DELETE FROM email_headers WHERE email_id = ?', row.email_id);
      if (raw) indexHeaders(store, row.email_id, topHeaders(raw));
      store.run('DELETE FROM email_headers_pending WHERE email_id = ?', row.email_id);
    });
  }
  if (!pending.length) return;
  // Pending rows of emails destroyed meanwhile.
  store.run('DELETE FROM email_headers_pending WHERE email_id NOT IN (SELECT id FROM emails)');
}
