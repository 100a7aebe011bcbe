/** What the OUTBOUND queue carries: a pointer to one recipient's delivery, never the raw. */
export interface OutboundJob {
  kind: 'outbound';
  submissionId: string;
  recipient: string;
  /** The R2 key of the raw message (`outbound/<sha256>`); the row holds it too. */
  rawKey: string;
}

export function isOutboundJob(body: unknown): body is OutboundJob {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { kind?: unknown }).kind === 'outbound' &&
    typeof (body as { submissionId?: unknown }).submissionId === 'string' &&
    typeof (body as { recipient?: unknown }).recipient === 'string'
  );
}

export interface OutboundRow {
  submission_id: string;
  recipient: string;
  from_bal_id: string;
  mail_from: string;
  raw_key: string;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
}

/** Records the delivery rows; returns the recipients whose row is new (to enqueue). */
export async function insertDeliveries(
  db: D1Database,
  input: {
    submissionId: string;
    recipients: string[];
    fromBalId: string;
    mailFrom: string;
    rawKey: string;
  },
  now = Date.now(),
): Promise<string[]> {
  if (input.recipients.length === 0) return [];
  const results = await db.batch(
    input.recipients.map((recipient) =>
      db
        .prepare(
          `INSERT OR IGNORE INTO outbound_deliveries
             (submission_id, recipient, from_bal_id, mail_from, raw_key, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .bind(
          input.submissionId,
          recipient,
          input.fromBalId,
          input.mailFrom,
          input.rawKey,
          now,
          now,
        ),
    ),
  );
  return input.recipients.filter((_, i) => (results[i]?.meta.changes ?? 0) > 0);
}

export async function deliveryRow(db: D1Database, job: OutboundJob): Promise<OutboundRow | null> {
  return db
    .prepare('SELECT * FROM outbound_deliveries WHERE submission_id = ? AND recipient = ?')
    .bind(job.submissionId, job.recipient)
    .first<OutboundRow>();
}

/**
 * Moves a queued row to `sent` or `failed`; true only for the call that made the change,
 * so that a job delivered twice never reports twice.
 */
export async function settleDelivery(
  db: D1Database,
  job: OutboundJob,
  status: 'sent' | 'failed',
  lastError: string | null,
  now = Date.now(),
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE outbound_deliveries SET status = ?, last_error = ?, attempts = attempts + 1, updated_at = ?
        WHERE submission_id = ? AND recipient = ? AND status = 'queued'`,
    )
    .bind(status, lastError, now, job.submissionId, job.recipient)
    .run();
  return result.meta.changes > 0;
}

/** Counts a failed attempt that will be retried. */
export async function noteAttempt(db: D1Database, job: OutboundJob, lastError: string) {
  await db
    .prepare(
      `UPDATE outbound_deliveries SET attempts = attempts + 1, last_error = ?, updated_at = ?
        WHERE submission_id = ? AND recipient = ? AND status = 'queued'`,
    )
    .bind(lastError, Date.now(), job.submissionId, job.recipient)
    .run();
}

/** Whether any delivery still needs this raw message. */
export async function rawStillNeeded(db: D1Database, rawKey: string): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT 1 AS one FROM outbound_deliveries WHERE raw_key = ? AND status = 'queued' LIMIT 1`,
    )
    .bind(rawKey)
    .first();
  return row !== null;
}
