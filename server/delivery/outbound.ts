import {
  DELIVERED_LOCALLY_REPLY,
  QUEUED_REPLY,
  type RecipientDeliveryStatus,
} from '../../shared/jmap/delivery-status.ts';
import { normaliseAddress } from '../../shared/mssante/address.ts';
import { MAX_MESSAGE_BYTES } from '../../shared/mssante/limits.ts';
import type { Bindings } from '../env.ts';
import type { DeliverResult } from '../mailbox/deliver-types.ts';
import { bounceToSender } from './bounce.ts';
import { type FailedRecipient, failedFor } from './dsn.ts';
import { deliverToBal, prepareMessage } from './mailbox-deliver.ts';
import { insertDeliveries, type OutboundJob } from './outbound-jobs.ts';
import { putOutboundRaw } from './raw-store.ts';
import { checkRecipients } from './recipients.ts';

export interface OutboundInput {
  /** The sender's BAL: a DSN for failed recipients lands in its inbox. */
  fromBalId: string;
  envelope: { mailFrom: string; rcptTo: string[] };
  /** The complete RFC 5322 message, as built by the composer. */
  raw: Uint8Array;
  /** The JMAP EmailSubmission id: dispatching it twice sends once per recipient. */
  submissionId: string;
}

/** Where each recipient stands once dispatched, keyed by normalised address. */
export type DispatchStatuses = Record<
  string,
  Pick<RecipientDeliveryStatus, 'delivered' | 'smtpReply'>
>;

export type OutboundResult =
  | { ok: true; statuses: DispatchStatuses }
  | { ok: false; refused: { address: string; reason: string }[] };

function failureOf(address: string, result: DeliverResult): FailedRecipient | null {
  switch (result.status) {
    case 'stored':
    case 'duplicate':
      return null;
    case 'over_quota':
      return failedFor(address, 'over_quota');
    case 'refused':
      return failedFor(address, result.reason);
  }
}

/**
 * Sends a submitted message. Every recipient is checked against the trust space first:
 * one address outside it refuses the whole submission (nothing leaves), naming every bad
 * address. Then recipients on Pli's own domains are delivered straight into their BAL's
 * DO; other operators' recipients go through the OUTBOUND queue (the raw stored once in R2,
 * content-addressed; one job per recipient, idempotent by submission and recipient). An
 * unknown local recipient or a refusal by the recipient's BAL puts a DSN in the sender's
 * inbox; the submission itself is still accepted. The result says where each recipient
 * stands: delivered or failed (local), queued (remote).
 *
 * @example
 * const result = await dispatchOutbound(env, { fromBalId, envelope: { mailFrom, rcptTo },
 *   raw, submissionId });
 * if (!result.ok) setError('invalidRecipients', result.refused.map((r) => r.address));
 */
export async function dispatchOutbound(
  env: Bindings,
  input: OutboundInput,
): Promise<OutboundResult> {
  const check = await checkRecipients(env, input.envelope.rcptTo);
  if (!check.ok) return { ok: false, refused: check.refused };
  if (input.raw.byteLength > MAX_MESSAGE_BYTES) {
    return {
      ok: false,
      refused: [...check.local.map((l) => l.address), ...check.remote].map((address) => ({
        address,
        reason: 'too_large',
      })),
    };
  }
  const mailFrom = normaliseAddress(input.envelope.mailFrom) ?? input.envelope.mailFrom;
  const statuses: DispatchStatuses = {};
  for (const address of check.remote)
    statuses[address] = { delivered: 'queued', smtpReply: QUEUED_REPLY };

  if (check.remote.length > 0) {
    const rawKey = await putOutboundRaw(env, input.raw);
    const fresh = await insertDeliveries(env.DB, {
      submissionId: input.submissionId,
      recipients: check.remote,
      fromBalId: input.fromBalId,
      mailFrom,
      rawKey,
    });
    if (fresh.length > 0) {
      await env.OUTBOUND.sendBatch(
        fresh.map((recipient) => ({
          body: {
            kind: 'outbound',
            submissionId: input.submissionId,
            recipient,
            rawKey,
          } satisfies OutboundJob,
        })),
      );
    }
  }

  const failed: FailedRecipient[] = [];
  // Hashed and parsed once for all the local recipients.
  const message = check.local.some((r) => r.balId)
    ? (await prepareMessage(input.raw)).message
    : null;
  for (const recipient of check.local) {
    if (!recipient.balId || !message) {
      const failure = failedFor(recipient.address, 'unknown_recipient');
      failed.push(failure);
      statuses[recipient.address] = { delivered: 'no', smtpReply: failure.diagnostic };
      continue;
    }
    const result = await deliverToBal(env, {
      balId: recipient.balId,
      raw: input.raw,
      message,
      quotaBytes: recipient.quotaBytes,
      mailFrom,
      rcptTo: recipient.address,
    });
    const failure = failureOf(recipient.address, result);
    if (failure) failed.push(failure);
    statuses[recipient.address] = failure
      ? { delivered: 'no', smtpReply: failure.diagnostic }
      : { delivered: 'yes', smtpReply: DELIVERED_LOCALLY_REPLY };
  }
  await bounceToSender(env, {
    fromBalId: input.fromBalId,
    mailFrom,
    original: input.raw,
    submissionId: input.submissionId,
    failed,
  });
  return { ok: true, statuses };
}
