import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../server/bytes.ts';
import { receiveInbound } from '../../../server/delivery/inbound.ts';
import type { DeliverInput } from '../../../server/mailbox/deliver-types.ts';
import type { InboundResponse } from '../../../shared/mssante/inbound.ts';
import { MAX_MESSAGE_BYTES } from '../../../shared/mssante/limits.ts';
import {
  rawMail,
  signedInbound,
  usedBytes,
  whitelistDomains,
} from '../support/delivery-factories.ts';
import { makeBal, makePerson } from '../support/factories.ts';
import { longSubject, manyParts, nestedMultipart } from '../support/mail.ts';

const worker = exports.default;
const SENDER = 'dr.durand@chu-lyon-demo.mssante.fr';

async function holderBal(address: string, quotaBytes?: number) {
  const person = await makePerson();
  return makeBal(person.idNat, address, quotaBytes);
}

async function post(raw: Uint8Array<ArrayBuffer>, rcptTo: string[], mailFrom = SENDER) {
  const response = await worker.fetch(await signedInbound(raw, { mailFrom, rcptTo }));
  return { status: response.status, body: (await response.json()) as InboundResponse };
}

/** The env with a mailbox namespace that records every `deliver` input it is handed. */
function recordingDeliveries() {
  const inputs: DeliverInput[] = [];
  const namespace = env.MAILBOX;
  const MAILBOX = new Proxy(namespace, {
    get(target, key) {
      if (key === 'get') {
        return (id: DurableObjectId) => {
          const stub = target.get(id);
          return {
            deliver: (input: DeliverInput) => {
              inputs.push(input);
              return stub.deliver(input);
            },
          };
        };
      }
      const value = Reflect.get(target, key);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { env: { ...env, MAILBOX }, inputs };
}

describe('POST /inbound', () => {
  it('hashes and parses a message for three recipients once, and stores one copy in each BAL', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const bals = await Promise.all(
      ['un', 'deux', 'trois'].map((n) => holderBal(`${n}.medecin@medecin.pli.mssante.fr`)),
    );
    const raw = rawMail({ from: SENDER, to: bals.map((b) => b.address) });
    const recording = recordingDeliveries();
    const result = await receiveInbound(recording.env, {
      mailFrom: SENDER,
      rcptTo: bals.map((b) => b.address),
      raw,
    });
    expect(result.ok && result.results.map((r) => r.status)).toEqual([
      'stored',
      'stored',
      'stored',
    ]);
    expect(recording.inputs.map((i) => i.balId)).toEqual(bals.map((b) => b.id));
    expect(new Set(recording.inputs.map((i) => i.message)).size).toBe(1);
    expect(recording.inputs[0]?.message.sha).toBe(await sha256Hex(raw));
    for (const bal of bals) expect(await usedBytes(bal.id)).toBe(raw.byteLength);
  });

  it('lets a quota change in D1 reach the mailbox before the next delivery', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const bal = await holderBal('quota.change@medecin.pli.mssante.fr');
    const first = rawMail({ from: SENDER, to: bal.address });
    expect((await post(first, [bal.address])).body.results[0]?.status).toBe('stored');
    const next = rawMail({ from: SENDER, to: bal.address });
    const setQuota = (bytes: number) =>
      env.DB.prepare('UPDATE bals SET quota_bytes = ? WHERE id = ?').bind(bytes, bal.id).run();
    await setQuota(first.byteLength + next.byteLength - 1);
    expect((await post(next, [bal.address])).body.results[0]?.status).toBe('failed');
    await setQuota(first.byteLength + next.byteLength);
    expect((await post(next, [bal.address])).body.results[0]?.status).toBe('stored');
    expect(await usedBytes(bal.id)).toBe(first.byteLength + next.byteLength);
  });

  it('reads a body sent without a Content-Length (streamed in chunks)', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const bal = await holderBal('streamed@medecin.pli.mssante.fr');
    const raw = rawMail({ from: SENDER, to: bal.address, body: 'ligne\r\n'.repeat(30_000) });
    const signed = await signedInbound(raw, { mailFrom: SENDER, rcptTo: [bal.address] });
    const chunks = [raw.subarray(0, 1000), raw.subarray(1000, 100_000), raw.subarray(100_000)];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk);
        controller.close();
      },
    });
    const headers = new Headers(signed.headers);
    headers.delete('content-length');
    const response = await worker.fetch(
      new Request(signed.url, { method: 'POST', headers, body: stream }),
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as InboundResponse).results[0]?.status).toBe('stored');
    expect(await usedBytes(bal.id)).toBe(raw.byteLength);
  });

  it('forbids 2,000 nested multiparts, 600 parts or a 1 MiB Subject: refused whole, nothing stored', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const bal = await holderBal('claire.martin@medecin.pli.mssante.fr');
    for (const raw of [nestedMultipart(2000), manyParts(600), longSubject(1024 * 1024)]) {
      const response = await worker.fetch(
        await signedInbound(raw, { mailFrom: SENDER, rcptTo: [bal.address] }),
      );
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_request');
      expect(body.error.message).toContain('554 5.6.0');
    }
    expect(await usedBytes(bal.id)).toBe(0);
  });

  it('stores a message from a whitelisted operator in the recipient BAL, once', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const bal = await holderBal('claire.martin@medecin.pli.mssante.fr');
    const raw = rawMail({ from: SENDER, to: bal.address });

    const first = await post(raw, [bal.address]);
    expect(first.status).toBe(200);
    expect(first.body.results).toEqual([
      { recipient: bal.address, status: 'stored', smtp: '250 2.0.0' },
    ]);
    const used = await usedBytes(bal.id);
    expect(used).toBeGreaterThanOrEqual(raw.byteLength);

    const again = await post(raw, [bal.address]);
    expect(again.body.results[0]?.status).toBe('duplicate');
    expect(await usedBytes(bal.id)).toBe(used);
  });

  it('answers one result per recipient: unknown and non-local addresses fail for good', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const bal = await holderBal('karim.benali@medecin.pli.mssante.fr');
    const raw = rawMail({ from: SENDER, to: bal.address });
    const { body } = await post(raw, [
      bal.address,
      'nobody@medecin.pli.mssante.fr',
      'someone@medecin.mssante.fr',
    ]);
    expect(body.results).toEqual([
      { recipient: bal.address, status: 'stored', smtp: '250 2.0.0' },
      {
        recipient: 'nobody@medecin.pli.mssante.fr',
        status: 'failed',
        smtp: '550 5.1.1',
        reason: 'unknown_recipient',
      },
      {
        recipient: 'someone@medecin.mssante.fr',
        status: 'failed',
        smtp: '550 5.7.1',
        reason: 'not_local',
      },
    ]);
  });

  it('refuses a sender outside the trust space, whole, storing nothing', async () => {
    const bal = await holderBal('claire.martin@medecin.pli.mssante.fr');
    const raw = rawMail({ from: 'someone@gmail.com', to: bal.address });
    const response = await worker.fetch(
      await signedInbound(raw, { mailFrom: 'someone@gmail.com', rcptTo: [bal.address] }),
    );
    expect(response.status).toBe(403);
    expect(await usedBytes(bal.id)).toBe(0);
  });

  it('refuses a whitelisted envelope whose From header is outside the trust space', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const bal = await holderBal('claire.martin@medecin.pli.mssante.fr');
    const raw = rawMail({ from: 'spoof@gmail.com', to: bal.address });
    const response = await worker.fetch(
      await signedInbound(raw, { mailFrom: SENDER, rcptTo: [bal.address] }),
    );
    expect(response.status).toBe(403);
  });

  it('refuses a message above 25 MiB', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const bal = await holderBal('claire.martin@medecin.pli.mssante.fr');
    const head = rawMail({ from: SENDER, to: bal.address });
    const raw = new Uint8Array(MAX_MESSAGE_BYTES + 1).fill(0x61);
    raw.set(head, 0);
    const response = await worker.fetch(
      await signedInbound(raw, { mailFrom: SENDER, rcptTo: [bal.address] }),
    );
    expect(response.status).toBe(413);
    expect(await usedBytes(bal.id)).toBe(0);
  });

  it('stops reading a streamed body past 25 MiB', async () => {
    const chunk = new Uint8Array(1024 * 1024).fill(0x61);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_MESSAGE_BYTES + chunk.byteLength) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await worker.fetch('http://pli.test/inbound', {
      method: 'POST',
      headers: { 'X-Pli-Timestamp': '0', 'X-Pli-Signature': 'sha256=00' },
      body,
    });
    expect(response.status).toBe(413);
  });

  it('refuses a patient who starts a conversation', async () => {
    const bal = await holderBal('claire.martin@medecin.pli.mssante.fr');
    const patient = '184077512345657@patient.mssante.fr';
    const { body } = await post(
      rawMail({ from: patient, to: bal.address }),
      [bal.address],
      patient,
    );
    expect(body.results[0]).toMatchObject({ status: 'failed', reason: 'patient_cannot_start' });
  });

  it('refuses a message when the BAL is full, exact to the byte', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const raw = rawMail({ from: SENDER, to: 'x@medecin.pli.mssante.fr' });
    const tight = await holderBal('tight@medecin.pli.mssante.fr', raw.byteLength - 1);
    const exact = await holderBal('exact@medecin.pli.mssante.fr', raw.byteLength);
    const { body } = await post(raw, [tight.address, exact.address]);
    expect(body.results).toEqual([
      { recipient: tight.address, status: 'failed', smtp: '552 5.2.2', reason: 'over_quota' },
      { recipient: exact.address, status: 'stored', smtp: '250 2.0.0' },
    ]);
    expect(await usedBytes(tight.id)).toBe(0);
  });

  it('refuses a request signed with another key', async () => {
    const raw = rawMail({ from: SENDER, to: 'a@medecin.pli.mssante.fr' });
    const request = await signedInbound(
      raw,
      { mailFrom: SENDER, rcptTo: ['a@medecin.pli.mssante.fr'] },
      { secret: 'not-the-secret' },
    );
    expect((await worker.fetch(request)).status).toBe(401);
  });

  it('refuses a replayed request older than five minutes', async () => {
    const raw = rawMail({ from: SENDER, to: 'a@medecin.pli.mssante.fr' });
    const request = await signedInbound(
      raw,
      { mailFrom: SENDER, rcptTo: ['a@medecin.pli.mssante.fr'] },
      { timestamp: Math.floor(Date.now() / 1000) - 301 },
    );
    expect((await worker.fetch(request)).status).toBe(401);
  });

  it('refuses a request whose envelope was changed after signing', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const raw = rawMail({ from: SENDER, to: 'a@medecin.pli.mssante.fr' });
    const signed = await signedInbound(raw, {
      mailFrom: SENDER,
      rcptTo: ['a@medecin.pli.mssante.fr'],
    });
    const headers = new Headers(signed.headers);
    headers.set('X-Pli-Rcpt-To', 'victim@medecin.pli.mssante.fr');
    const tampered = new Request(signed.url, { method: 'POST', headers, body: raw });
    expect((await worker.fetch(tampered)).status).toBe(401);
  });

  it('forbids a malformed envelope from being delivered, even in part: refused whole with 400', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const bal = await holderBal('envelope.ok@medecin.pli.mssante.fr');
    const raw = rawMail({ from: SENDER, to: bal.address });
    const tooMany = Array.from({ length: 101 }, (_, i) => `r${i}@medecin.pli.mssante.fr`);
    for (const [rcptTo, mailFrom] of [
      [[bal.address, 'not an address'], SENDER],
      [[bal.address, '<a@b.fr>'], SENDER],
      [tooMany, SENDER],
      [[], SENDER],
      [[bal.address], 'no-at-sign'],
    ] as [string[], string][]) {
      const answer = await worker.fetch(await signedInbound(raw, { mailFrom, rcptTo }));
      expect([rcptTo.length, answer.status]).toEqual([rcptTo.length, 400]);
    }
    expect(await usedBytes(bal.id)).toBe(0);
  });
});
