import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { insertDeliveries, type OutboundJob } from '../../../server/delivery/outbound-jobs.ts';
import { backoffSeconds } from '../../../server/delivery/queue-consumer.ts';
import { putOutboundRaw } from '../../../server/delivery/raw-store.ts';
import type { Bindings } from '../../../server/env.ts';
import { handleQueue } from '../../../server/handlers/queue.ts';
import { rawMail, usedBytes } from '../support/delivery-factories.ts';
import { makeBal, makePerson } from '../support/factories.ts';
import { relayedBytes, relayedTo, testPeers } from '../support/peers.ts';

async function queued(recipient: string, submissionId = crypto.randomUUID()) {
  const person = await makePerson();
  const sender = await makeBal(
    person.idNat,
    `s${crypto.randomUUID().slice(0, 6)}@medecin.pli.mssante.fr`,
  );
  const raw = rawMail({ from: sender.address, to: recipient });
  const rawKey = await putOutboundRaw(env, raw);
  await insertDeliveries(env.DB, {
    submissionId,
    recipients: [recipient],
    fromBalId: sender.id,
    mailFrom: sender.address,
    rawKey,
  });
  const job: OutboundJob = { kind: 'outbound', submissionId, recipient, rawKey };
  return { sender, raw, rawKey, job };
}

async function consume(queue: string, job: OutboundJob, attempts = 1, bindings: Bindings = env) {
  const batch = createMessageBatch(queue, [
    { id: crypto.randomUUID(), timestamp: Date.now(), attempts, body: job },
  ]);
  const ctx = createExecutionContext();
  await handleQueue(batch, bindings);
  return getQueueResult(batch, ctx);
}

async function status(job: OutboundJob) {
  return (
    await env.DB.prepare(
      'SELECT status FROM outbound_deliveries WHERE submission_id = ? AND recipient = ?',
    )
      .bind(job.submissionId, job.recipient)
      .first<{ status: string }>()
  )?.status;
}

const smtpEnv = (): Bindings => ({
  ...env,
  OUTBOUND_TRANSPORT: 'smtp',
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(testPeers().smtpPort),
  SMTP_SECURITY: 'plain',
  SMTP_USERNAME: 'relay-user',
  SMTP_PASSWORD: 'relay-pass',
});

describe('outbound queue consumer', () => {
  it('records the message in the dev outbox in development, and sends it once', async () => {
    const { job, rawKey } = await queued('dr.x@chu-lyon-demo.mssante.fr');
    expect((await consume('pli-outbound', job)).explicitAcks).toHaveLength(1);
    expect((await consume('pli-outbound', job)).explicitAcks).toHaveLength(1);
    expect(await status(job)).toBe('sent');
    const { results } = await env.DB.prepare(
      "SELECT recipient, subject FROM dev_outbox WHERE kind = 'operator-mail'",
    ).all();
    expect(results).toEqual([{ recipient: job.recipient, subject: 'Courrier de test' }]);
    // The raw is dropped once no delivery needs it.
    expect(await env.BLOBS.head(rawKey)).toBeNull();
  });

  it('sends through the SMTP relay when configured', async () => {
    const recipient = `dr.${crypto.randomUUID().slice(0, 8)}@chu-lyon-demo.mssante.fr`;
    const { job, raw } = await queued(recipient);
    const result = await consume('pli-outbound', job, 1, smtpEnv());
    expect(result.explicitAcks).toHaveLength(1);
    expect(await status(job)).toBe('sent');
    const [mail] = await relayedTo(recipient);
    expect(relayedBytes(mail?.data ?? '')).toEqual(raw);
  });

  it('bounces a permanent refusal to the sender inbox', async () => {
    const { job, sender } = await queued('perm-reject@chu-lyon-demo.mssante.fr');
    const result = await consume('pli-outbound', job, 1, smtpEnv());
    expect(result.explicitAcks).toHaveLength(1);
    expect(await status(job)).toBe('failed');
    expect(await usedBytes(sender.id)).toBeGreaterThan(0);
  });

  it('retries a temporary refusal and bounces nothing yet', async () => {
    const { job, sender } = await queued('temp-reject@chu-lyon-demo.mssante.fr');
    const first = await consume('pli-outbound', job, 1, smtpEnv());
    expect(first.retryMessages).toHaveLength(1);
    expect(first.explicitAcks).toEqual([]);
    const third = await consume('pli-outbound', job, 3, smtpEnv());
    expect(third.retryMessages).toHaveLength(1);
    expect(await status(job)).toBe('queued');
    expect(await usedBytes(sender.id)).toBe(0);
  });

  it('bounces a message that ran out of retries (dead-letter queue), once', async () => {
    const { job, sender } = await queued('temp-reject@chu-lyon-demo.mssante.fr');
    expect((await consume('pli-outbound-dlq', job)).explicitAcks).toHaveLength(1);
    expect(await status(job)).toBe('failed');
    const used = await usedBytes(sender.id);
    expect(used).toBeGreaterThan(0);
    await consume('pli-outbound-dlq', job);
    expect(await usedBytes(sender.id)).toBe(used);
  });

  it('keeps messages when the transport is not configured', async () => {
    const { job } = await queued('dr.x@chu-lyon-demo.mssante.fr');
    const result = await consume('pli-outbound', job, 1, {
      ...env,
      ENVIRONMENT: 'production',
      OUTBOUND_TRANSPORT: '',
    });
    expect(result.retryBatch.retry).toBe(true);
    expect(await status(job)).toBe('queued');
  });
});

describe('backoffSeconds', () => {
  it('doubles from one minute and stops at six hours', () => {
    expect([1, 2, 3, 4].map(backoffSeconds)).toEqual([60, 120, 240, 480]);
    expect(backoffSeconds(20)).toBe(6 * 3600);
  });
});
