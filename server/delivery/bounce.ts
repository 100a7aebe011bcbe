import { DEFAULT_QUOTA_BYTES } from '../../shared/mssante/limits.ts';
import { sha256Hex } from '../bytes.ts';
import { config } from '../config.ts';
import type { Bindings } from '../env.ts';
import { balQuotaBytes } from '../storage/bals.ts';
import { buildDsn, type FailedRecipient } from './dsn.ts';
import { deliverToBal } from './mailbox-deliver.ts';

export interface BounceInput {
  /** The sender's BAL, which receives the report. */
  fromBalId: string;
  /** The sender's address (the report's recipient). */
  mailFrom: string;
  original: Uint8Array;
  /** Makes the report's Message-ID stable, so a retried report is stored once. */
  submissionId: string;
  failed: FailedRecipient[];
}

/**
 * Puts a delivery status notification into the sender's inbox. Its Message-ID derives from
 * the submission and the failed addresses: reporting the same failure twice stores one
 * report (the DO's deliver is idempotent).
 */
export async function bounceToSender(env: Bindings, input: BounceInput): Promise<void> {
  // A null sender (a read receipt, a report) is never bounced: no loops (RFC 3464 §2).
  if (input.failed.length === 0 || !input.mailFrom) return;
  const domain = config(env).firstOperatorDomain;
  const key = await sha256Hex(
    `${input.submissionId}\n${input.failed
      .map((f) => f.address)
      .sort()
      .join('\n')}`,
  );
  const raw = buildDsn({
    reportingDomain: domain,
    to: input.mailFrom,
    original: input.original,
    failed: input.failed,
    messageId: `<dsn.${key.slice(0, 32)}@${domain}>`,
    date: new Date(),
  });
  const quotaBytes = (await balQuotaBytes(env.DB, input.fromBalId)) ?? DEFAULT_QUOTA_BYTES;
  const result = await deliverToBal(env, {
    balId: input.fromBalId,
    raw,
    quotaBytes,
    mailFrom: '',
    rcptTo: input.mailFrom,
  });
  if (result.status !== 'stored' && result.status !== 'duplicate') {
    console.warn(JSON.stringify({ level: 'warn', event: 'dsn_not_stored', status: result.status }));
  }
}
