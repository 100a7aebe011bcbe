import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../server/bytes.ts';
import { dispatchOutbound } from '../../../server/delivery/outbound.ts';
import { getOutboundRaw } from '../../../server/delivery/raw-store.ts';
import { outboundName } from '../../../server/storage/sealed-blobs.ts';
import { DELIVERED_LOCALLY_REPLY, QUEUED_REPLY } from '../../../shared/jmap/delivery-status.ts';
import { MAX_MESSAGE_BYTES } from '../../../shared/mssante/limits.ts';
import { rawMail, usedBytes, whitelistDomains } from '../support/delivery-factories.ts';
import { makeBal, makePerson } from '../support/factories.ts';

async function twoBals() {
  const claire = await makePerson();
  const karim = await makePerson();
  return {
    sender: await makeBal(claire.idNat, 'claire.martin@medecin.pli.mssante.fr'),
    recipient: await makeBal(karim.idNat, 'karim.benali@medecin.pli.mssante.fr'),
  };
}

async function deliveryRows() {
  const { results } = await env.DB.prepare(
    'SELECT submission_id, recipient, status, raw_key FROM outbound_deliveries ORDER BY recipient',
  ).all<{ submission_id: string; recipient: string; status: string; raw_key: string }>();
  return results;
}

describe('dispatchOutbound', () => {
  it('delivers a local recipient straight into their BAL', async () => {
    const { sender, recipient } = await twoBals();
    const raw = rawMail({ from: sender.address, to: recipient.address });
    const result = await dispatchOutbound(env, {
      fromBalId: sender.id,
      envelope: { mailFrom: sender.address, rcptTo: [recipient.address] },
      raw,
      submissionId: 'sub-1',
    });
    expect(result).toEqual({
      ok: true,
      statuses: { [recipient.address]: { delivered: 'yes', smtpReply: DELIVERED_LOCALLY_REPLY } },
    });
    expect(await usedBytes(recipient.id)).toBeGreaterThanOrEqual(raw.byteLength);
    expect(await usedBytes(sender.id)).toBe(0);
  });

  it('refuses the whole submission when one recipient is outside the trust space', async () => {
    const { sender, recipient } = await twoBals();
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const rcptTo = [recipient.address, 'dr.x@chu-lyon-demo.mssante.fr', 'ami@gmail.com'];
    const result = await dispatchOutbound(env, {
      fromBalId: sender.id,
      envelope: { mailFrom: sender.address, rcptTo },
      raw: rawMail({ from: sender.address, to: rcptTo }),
      submissionId: 'sub-2',
    });
    expect(result).toEqual({
      ok: false,
      refused: [{ address: 'ami@gmail.com', reason: 'outside_trust_space' }],
    });
    // Nothing left: no local delivery, nothing queued.
    expect(await usedBytes(recipient.id)).toBe(0);
    expect(await deliveryRows()).toEqual([]);
  });

  it('refuses a patient address whose INS key is wrong', async () => {
    const { sender } = await twoBals();
    const result = await dispatchOutbound(env, {
      fromBalId: sender.id,
      envelope: { mailFrom: sender.address, rcptTo: ['184077512345658@patient.mssante.fr'] },
      raw: rawMail({ from: sender.address, to: '184077512345658@patient.mssante.fr' }),
      submissionId: 'sub-3',
    });
    expect(result).toEqual({
      ok: false,
      refused: [
        { address: '184077512345658@patient.mssante.fr', reason: 'invalid_patient_address' },
      ],
    });
  });

  it('puts a DSN in the sender inbox for an unknown local recipient, once however often retried', async () => {
    const { sender } = await twoBals();
    const input = {
      fromBalId: sender.id,
      envelope: { mailFrom: sender.address, rcptTo: ['nobody@medecin.pli.mssante.fr'] },
      raw: rawMail({ from: sender.address, to: 'nobody@medecin.pli.mssante.fr' }),
      submissionId: 'sub-4',
    };
    const failed = {
      ok: true,
      statuses: {
        'nobody@medecin.pli.mssante.fr': {
          delivered: 'no',
          smtpReply: '550 5.1.1 unknown_recipient',
        },
      },
    };
    expect(await dispatchOutbound(env, input)).toEqual(failed);
    const used = await usedBytes(sender.id);
    expect(used).toBeGreaterThan(0);
    expect(await dispatchOutbound(env, input)).toEqual(failed);
    expect(await usedBytes(sender.id)).toBe(used);
  });

  it('bounces to the sender when the recipient BAL is full', async () => {
    const claire = await makePerson();
    const karim = await makePerson();
    const sender = await makeBal(claire.idNat, 'claire.martin@medecin.pli.mssante.fr');
    const full = await makeBal(karim.idNat, 'karim.benali@medecin.pli.mssante.fr', 10);
    const result = await dispatchOutbound(env, {
      fromBalId: sender.id,
      envelope: { mailFrom: sender.address, rcptTo: [full.address] },
      raw: rawMail({ from: sender.address, to: full.address }),
      submissionId: 'sub-5',
    });
    expect(result).toEqual({
      ok: true,
      statuses: { [full.address]: { delivered: 'no', smtpReply: '552 5.2.2 over_quota' } },
    });
    expect(await usedBytes(full.id)).toBe(0);
    expect(await usedBytes(sender.id)).toBeGreaterThan(0);
  });

  it('queues other operators once per recipient, the raw stored once in R2 by its hash', async () => {
    const { sender } = await twoBals();
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const rcptTo = ['dr.x@chu-lyon-demo.mssante.fr', '184077512345657@patient.mssante.fr'];
    const raw = rawMail({ from: sender.address, to: rcptTo });
    const input = {
      fromBalId: sender.id,
      envelope: { mailFrom: sender.address, rcptTo },
      raw,
      submissionId: 'sub-6',
    };
    const queued = { delivered: 'queued', smtpReply: QUEUED_REPLY };
    const both = { ok: true, statuses: { [rcptTo[0] ?? '']: queued, [rcptTo[1] ?? '']: queued } };
    expect(await dispatchOutbound(env, input)).toEqual(both);
    expect(await dispatchOutbound(env, input)).toEqual(both);
    // Named by a keyed hash of its content, not its bare SHA-256.
    const key = await outboundName(env, await sha256Hex(raw));
    expect(key).not.toContain(await sha256Hex(raw));
    expect(await deliveryRows()).toEqual([
      { submission_id: 'sub-6', recipient: rcptTo[1], status: 'queued', raw_key: key },
      { submission_id: 'sub-6', recipient: rcptTo[0], status: 'queued', raw_key: key },
    ]);
    // Sealed at rest; the queue reads the very bytes back.
    const stored = await env.BLOBS.get(key);
    expect(new Uint8Array(await (stored as R2ObjectBody).arrayBuffer())).not.toEqual(raw);
    expect(await getOutboundRaw(env, key)).toEqual(raw);
  });

  it('refuses a message above 25 MiB for every recipient', async () => {
    const { sender, recipient } = await twoBals();
    const raw = new Uint8Array(MAX_MESSAGE_BYTES + 1);
    const result = await dispatchOutbound(env, {
      fromBalId: sender.id,
      envelope: { mailFrom: sender.address, rcptTo: [recipient.address] },
      raw,
      submissionId: 'sub-7',
    });
    expect(result).toEqual({
      ok: false,
      refused: [{ address: recipient.address, reason: 'too_large' }],
    });
  });
});
