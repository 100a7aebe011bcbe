import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { jmap, makeAccount, result } from '../support/mail.ts';

const setQuota = (body: unknown) =>
  exports.default.fetch('http://127.0.0.1/dev/quota', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('POST /dev/quota (end-to-end tests bring a BAL near its limit)', () => {
  it('sets the BAL’s quota, which Quota/get reports at once', async () => {
    const { token, accountId, bal } = await makeAccount();
    expect((await setQuota({ address: bal.address, bytes: 5_000_000 })).status).toBe(200);
    const body = await jmap(
      token,
      [['Quota/get', { accountId }, 'q']],
      ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:quota'],
    );
    expect(result(body, 'Quota/get').list[0].hardLimit).toBe(5_000_000);
  });

  it('refuses an unknown BAL and a size that is not a positive whole number', async () => {
    const { bal } = await makeAccount();
    expect((await setQuota({ address: 'personne@medecin.pli.mssante.fr', bytes: 1 })).status).toBe(
      400,
    );
    expect((await setQuota({ address: bal.address, bytes: -5 })).status).toBe(400);
    expect((await setQuota({ address: bal.address, bytes: 'beaucoup' })).status).toBe(400);
  });
});
