import type { DeliveredState, RecipientDeliveryStatus } from '../../shared/jmap/delivery-status.ts';
import { normaliseAddress } from '../../shared/mssante/address.ts';
import type { MessageSummary } from '../mail/parse.ts';
import type { DeliveryReport } from '../mail/report.ts';
import type { Store } from './store.ts';

/** EmailSubmission `deliveryStatus`: one entry per envelope recipient (RFC 8621 §7). */
export type DeliveryStatusMap = Record<string, RecipientDeliveryStatus>;

/** What a DSN's `Action` says of delivery (RFC 3464 §2.3.3). */
const DELIVERED_BY_ACTION: Record<string, DeliveredState> = {
  failed: 'no',
  delayed: 'queued',
  delivered: 'yes',
  relayed: 'unknown',
  expanded: 'unknown',
};

/** The key of `statuses` for `address`, compared as normalised addresses. */
function keyOf(statuses: DeliveryStatusMap, address: string): string | undefined {
  return Object.keys(statuses).find((key) => (normaliseAddress(key) ?? key) === address);
}

/**
 * The delivery status of a submission: what Pli knew when it sent (local deliveries
 * settled, remote ones queued or handed over), updated by the reports received since, in
 * their order. A final answer (`yes`, `no`) is not undone by a later `delayed`; a read
 * receipt also means the message was delivered.
 *
 * @example
 * overlayReports({ 'a@x.mssante.fr': queued }, [{ kind: 'mdn', recipients: [{ address:
 *   'a@x.mssante.fr', action: 'displayed', status: null, diagnostic: null }] }]);
 * // → delivered 'yes', displayed 'yes'
 */
export function overlayReports(
  base: DeliveryStatusMap,
  reports: Pick<DeliveryReport, 'kind' | 'recipients'>[],
): DeliveryStatusMap {
  const statuses: DeliveryStatusMap = structuredClone(base);
  for (const report of reports) {
    for (const recipient of report.recipients) {
      const key = keyOf(statuses, recipient.address);
      const status = key === undefined ? undefined : statuses[key];
      if (!status) continue;
      if (report.kind === 'mdn') {
        if (recipient.action !== 'displayed') continue;
        status.displayed = 'yes';
        if (status.delivered !== 'no') status.delivered = 'yes';
        continue;
      }
      const delivered = DELIVERED_BY_ACTION[recipient.action];
      if (!delivered) continue;
      if (delivered === 'queued' && (status.delivered === 'yes' || status.delivered === 'no'))
        continue;
      status.delivered = delivered;
      const reply = recipient.diagnostic ?? recipient.status;
      if (reply) status.smtpReply = reply;
    }
  }
  return statuses;
}

/** The reports received about the message `messageId`, oldest first. */
export function reportsAbout(
  store: Store,
  messageId: string | null,
): (Pick<DeliveryReport, 'kind' | 'recipients'> & { blobId: string | null })[] {
  if (!messageId) return [];
  return store
    .all<{ kind: string; recipients: string; blob_id: string | null }>(
      `SELECT r.kind, r.recipients, e.blob_id FROM delivery_reports r
         LEFT JOIN emails e ON e.id = r.email_id
        WHERE r.original_message_id = ? ORDER BY r.received_at, r.email_id`,
      messageId,
    )
    .map((row) => ({
      kind: row.kind as DeliveryReport['kind'],
      recipients: JSON.parse(row.recipients),
      blobId: row.blob_id,
    }));
}

/** Marks the submissions of the message `messageId` changed (their status was updated). */
function touchSubmissions(store: Store, messageId: string) {
  for (const { id } of store.all<{ id: string }>(
    'SELECT id FROM submissions WHERE message_id = ?',
    messageId,
  )) {
    store.change('EmailSubmission', id, 'updated');
  }
}

/**
 * Records a DSN or MDN just stored in this mailbox. Only reports sent with a null return
 * path count (RFC 3464 §2, RFC 8098 §3: a person's message is never taken for one), and a
 * read receipt only speaks for its own sender: a recipient cannot mark another as having
 * read the message.
 */
export function recordReport(
  store: Store,
  input: { emailId: string; summary: MessageSummary; mailFrom: string; receivedAt: number },
): void {
  const report = input.summary.report;
  if (!report || input.mailFrom !== '') return;
  const from = normaliseAddress(input.summary.from?.[0]?.email ?? '');
  const recipients =
    report.kind === 'mdn' ? report.recipients.filter((r) => r.address === from) : report.recipients;
  if (recipients.length === 0) return;
  store.run(
    `INSERT OR IGNORE INTO delivery_reports (email_id, original_message_id, kind, recipients, received_at)
     VALUES (?, ?, ?, ?, ?)`,
    input.emailId,
    report.originalMessageId,
    report.kind,
    JSON.stringify(recipients),
    input.receivedAt,
  );
  touchSubmissions(store, report.originalMessageId);
}

/**
 * Records what became of one recipient of a submission after Pli sent it (a remote
 * operator accepted or refused it). False when the submission or recipient is unknown.
 */
export function noteDelivery(
  store: Store,
  submissionId: string,
  recipient: string,
  update: Pick<RecipientDeliveryStatus, 'delivered' | 'smtpReply'>,
): boolean {
  const row = store.one<{ delivery_status: string }>(
    'SELECT delivery_status FROM submissions WHERE id = ?',
    submissionId,
  );
  if (!row) return false;
  const statuses = JSON.parse(row.delivery_status) as DeliveryStatusMap;
  const key = keyOf(statuses, normaliseAddress(recipient) ?? recipient);
  const status = key === undefined ? undefined : statuses[key];
  if (!status) return false;
  status.delivered = update.delivered;
  status.smtpReply = update.smtpReply;
  store.transaction(() => {
    store.run(
      'UPDATE submissions SET delivery_status = ? WHERE id = ?',
      JSON.stringify(statuses),
      submissionId,
    );
    store.change('EmailSubmission', submissionId, 'updated');
  });
  return true;
}
