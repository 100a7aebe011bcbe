import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { decodeBulkBatch, encodeBulkBatch } from '../../../server/dev/bulk-batch.ts';
import { jmap, makeAccount, rawMessage, result } from '../support/mail.ts';

const post = (to: string, batch: Uint8Array<ArrayBuffer>) =>
  exports.default.fetch(`http://127.0.0.1/dev/bulk-deliver?to=${encodeURIComponent(to)}`, {
    method: 'POST',
    body: batch,
  });

describe('POST /dev/bulk-deliver (the bench fill)', () => {
  it('stores every message of a batch through the DO, and a batch sent again only once', async () => {
    const account = await makeAccount();
    const messages = [1, 2, 3].map((n) => ({
      raw: rawMessage({ to: account.bal.address, subject: `Lot ${n}` }),
      mailFrom: 'jean.dupont@medecin.mssante.fr',
      receivedAt: Date.UTC(2026, 0, n),
    }));
    const batch = encodeBulkBatch(messages);
    const first = await post(account.bal.address, batch);
    expect(await first.json()).toEqual({ counts: { stored: 3 } });
    const again = await post(account.bal.address, batch);
    expect(await again.json()).toEqual({ counts: { duplicate: 3 } });

    const body = await jmap(account.token, [
      [
        'Email/query',
        { accountId: account.accountId, sort: [{ property: 'receivedAt', isAscending: true }] },
        'q',
      ],
      [
        'Email/get',
        {
          accountId: account.accountId,
          '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
          properties: ['subject', 'receivedAt'],
        },
        'g',
      ],
    ]);
    expect(result(body, 'Email/get').list).toEqual([
      expect.objectContaining({ subject: 'Lot 1', receivedAt: '2026-01-01T00:00:00Z' }),
      expect.objectContaining({ subject: 'Lot 2', receivedAt: '2026-01-02T00:00:00Z' }),
      expect.objectContaining({ subject: 'Lot 3', receivedAt: '2026-01-03T00:00:00Z' }),
    ]);
  });

  it('answers 404 for an address that is no BAL', async () => {
    const response = await post('personne@medecin.pli.mssante.fr', encodeBulkBatch([]));
    expect(response.status).toBe(404);
  });

  it('reads back the records it was given, and refuses a truncated one', () => {
    const raw = new TextEncoder().encode('Subject: x\r\n\r\nCorps');
    const batch = encodeBulkBatch([
      { raw, mailFrom: 'hélène@chu-lyon-demo.mssante.fr', receivedAt: 1_700_000_000_123 },
      { raw: new Uint8Array(), mailFrom: '', receivedAt: 0 },
    ]);
    expect(decodeBulkBatch(batch)).toEqual([
      { raw, mailFrom: 'hélène@chu-lyon-demo.mssante.fr', receivedAt: 1_700_000_000_123 },
      { raw: new Uint8Array(), mailFrom: '', receivedAt: 0 },
    ]);
    expect(() => decodeBulkBatch(batch.subarray(0, batch.length - 20))).toThrow(/truncated/);
  });
});
