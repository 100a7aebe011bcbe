import type { DevOutboxItem, DevOutboxKind } from '../../shared/dev-outbox.ts';

export interface OutboxEntry {
  kind: DevOutboxKind;
  to: string;
  from?: string | null;
  subject?: string | null;
  body: string;
}

interface OutboxRow {
  id: number;
  kind: DevOutboxKind;
  recipient: string;
  sender: string | null;
  subject: string | null;
  body: string;
  created_at: number;
}

/** Records what would have left the service (development only). */
export async function recordOutbox(db: D1Database, entry: OutboxEntry, now = Date.now()) {
  await db
    .prepare(
      'INSERT INTO dev_outbox (kind, recipient, sender, subject, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .bind(entry.kind, entry.to, entry.from ?? null, entry.subject ?? null, entry.body, now)
    .run();
}

/** Newest first. */
export async function listOutbox(
  db: D1Database,
  filter: { to?: string; limit: number },
): Promise<DevOutboxItem[]> {
  const stmt = filter.to
    ? db
        .prepare('SELECT * FROM dev_outbox WHERE recipient = ? ORDER BY id DESC LIMIT ?')
        .bind(filter.to, filter.limit)
    : db.prepare('SELECT * FROM dev_outbox ORDER BY id DESC LIMIT ?').bind(filter.limit);
  const { results } = await stmt.all<OutboxRow>();
  return results.map((row) => ({
    id: row.id,
    kind: row.kind,
    to: row.recipient,
    from: row.sender,
    subject: row.subject,
    body: row.body,
    createdAt: new Date(row.created_at).toISOString(),
  }));
}
