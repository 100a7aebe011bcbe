import { HANDED_ON_REPLY } from '../../shared/jmap/delivery-status.ts';
import type { Bindings } from '../env.ts';
import { mailboxStub } from '../mailbox/stub.ts';
import { bounceToSender } from './bounce.ts';
import { type FailedRecipient, failedFor } from './dsn.ts';
import {
  deliveryRow,
  isOutboundJob,
  noteAttempt,
  type OutboundJob,
  type OutboundRow,
  rawStillNeeded,
  settleDelivery,
} from './outbound-jobs.ts';
import { getOutboundRaw } from './raw-store.ts';
import { type Transport, transportFor } from './transports/index.ts';

/** Retry delay after `attempts` tries: 1, 2, 4... minutes, at most 6 hours. */
export function backoffSeconds(attempts: number): number {
  return Math.min(60 * 2 ** Math.max(attempts - 1, 0), 6 * 3600);
}

/** A failed recipient from a remote server's reply (its enhanced code when it gives one). */
function remoteFailure(address: string, reply: string): FailedRecipient {
  const code = /^\d{3}/.exec(reply)?.[0] ?? '550';
  const status = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(reply)?.[1] ?? `${code[0]}.0.0`;
  return { address, status, diagnostic: reply.slice(0, 200) };
}

/**
 * Settles one recipient's delivery: the sender's submission records it (handed to the
 * recipient's operator, or failed), and a failure puts a DSN in the sender's inbox.
 */
async function finish(
  env: Bindings,
  job: OutboundJob,
  row: OutboundRow,
  failure: FailedRecipient | null,
  raw: Uint8Array | null,
) {
  const changed = await settleDelivery(
    env.DB,
    job,
    failure ? 'failed' : 'sent',
    failure?.diagnostic ?? null,
  );
  if (changed) {
    await mailboxStub(env, row.from_bal_id).noteDelivery(
      job.submissionId,
      row.recipient,
      failure
        ? { delivered: 'no', smtpReply: failure.diagnostic }
        : { delivered: 'unknown', smtpReply: HANDED_ON_REPLY },
    );
  }
  if (changed && failure) {
    await bounceToSender(env, {
      fromBalId: row.from_bal_id,
      mailFrom: row.mail_from,
      original: raw ?? new Uint8Array(),
      submissionId: job.submissionId,
      failed: [failure],
    });
  }
  if (!(await rawStillNeeded(env.DB, row.raw_key))) await env.BLOBS.delete(row.raw_key);
}

/**
 * `pli-outbound`: hands each recipient's message to the transport. Accepted: done.
 * Refused for good (5xx): a DSN in the sender's inbox. Refused for now (4xx, network):
 * retried with growing delays; after the last try the dead-letter consumer bounces it.
 * A job whose row is already settled is acknowledged (a queue may deliver twice).
 */
export async function consumeOutbound(
  batch: MessageBatch<unknown>,
  env: Bindings,
  transport?: Transport,
) {
  let way: Transport;
  try {
    way = transport ?? transportFor(env);
  } catch {
    console.error(JSON.stringify({ level: 'error', event: 'outbound_transport_misconfigured' }));
    batch.retryAll({ delaySeconds: 300 });
    return;
  }
  for (const message of batch.messages) {
    const job = message.body;
    if (!isOutboundJob(job)) {
      message.ack();
      continue;
    }
    const row = await deliveryRow(env.DB, job);
    if (row?.status !== 'queued') {
      message.ack();
      continue;
    }
    const raw = await getOutboundRaw(env, row.raw_key);
    if (!raw) {
      await finish(env, job, row, failedFor(job.recipient, 'expired'), null);
      message.ack();
      continue;
    }
    const result = await way.send({ mailFrom: row.mail_from, rcptTo: [row.recipient], raw });
    if (result.ok || result.permanent) {
      await finish(
        env,
        job,
        row,
        result.ok ? null : remoteFailure(row.recipient, result.reply),
        raw,
      );
      message.ack();
    } else {
      await noteAttempt(env.DB, job, result.reply.slice(0, 200));
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}

/** `pli-outbound-dlq`: jobs that ran out of retries; the sender gets a DSN. */
export async function consumeOutboundDeadLetters(batch: MessageBatch<unknown>, env: Bindings) {
  for (const message of batch.messages) {
    const job = message.body;
    if (isOutboundJob(job)) {
      const row = await deliveryRow(env.DB, job);
      if (row && row.status === 'queued') {
        const raw = await getOutboundRaw(env, row.raw_key);
        await finish(env, job, row, failedFor(job.recipient, 'expired'), raw);
      }
    }
    message.ack();
  }
}
