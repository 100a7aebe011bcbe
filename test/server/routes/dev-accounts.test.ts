import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { PSC_TEST_CARDS } from '../../../server/dev/psc-test-identities.ts';
import { demoAccountsStep } from '../../../server/dev/seed-demo-accounts.ts';
import type { DevAccounts } from '../../../shared/identity.ts';
import { call, Jar, lastCode } from '../support/identity.ts';

async function accounts() {
  const response = await exports.default.fetch('http://127.0.0.1/dev/accounts');
  expect(response.status).toBe(200);
  return ((await response.json()) as DevAccounts).accounts;
}

describe('GET /dev/accounts', () => {
  it('lists at least three holders with a BAL and a password, a delegate, and the PSC test cards', async () => {
    await demoAccountsStep.run(env);
    const list = await accounts();
    const holders = list.filter((a) => a.source === 'demo' && a.hasBal && a.password);
    expect(holders.length).toBeGreaterThanOrEqual(3);
    const sophie = list.find((a) => a.name === 'Sophie Garnier');
    expect(sophie).toMatchObject({ hasBal: false, password: 'Pli-demo-Sophie-2026' });
    const cards = list.filter((a) => a.source === 'psc-test');
    expect(cards.map((a) => a.idNat)).toEqual(PSC_TEST_CARDS.map((c) => c.idNat));
    expect(cards.every((a) => a.hasBal === false && a.address === null)).toBe(true);
  });

  it('lets every listed password log in, the delegate too, and shows her delegated BAL', async () => {
    await demoAccountsStep.run(env);
    const sophie = (await accounts()).find((a) => a.name === 'Sophie Garnier');
    if (!sophie?.address || !sophie.password) throw new Error('no delegate');
    const jar = new Jar();
    const start = await call(jar, '/auth/login', {
      method: 'POST',
      body: { address: sophie.address, password: sophie.password },
    });
    expect(start.status).toBe(200);
    await call(jar, '/auth/otp/send', { method: 'POST', body: { channel: 'email' } });
    await call(jar, '/auth/otp/verify', {
      method: 'POST',
      body: { code: await lastCode(sophie.address) },
    });
    const me = (await (await call(jar, '/api/me')).json()) as {
      bals: { address: string; role: string }[];
    };
    expect(me.bals).toEqual([
      expect.objectContaining({
        address: 'claire.martin@medecin.pli.mssante.fr',
        role: 'delegate',
      }),
    ]);
  });
});

describe('the demo-accounts seed step', () => {
  it('is idempotent: a second run changes nothing', async () => {
    await demoAccountsStep.run(env);
    const snapshot = async () =>
      Promise.all(
        ['persons', 'bals', 'delegations', 'credentials', 'person_contacts', 'cgu_acceptances'].map(
          async (table) =>
            (await env.DB.prepare(`SELECT * FROM ${table} ORDER BY 1`).all()).results,
        ),
      );
    const first = await snapshot();
    await demoAccountsStep.run(env);
    expect(await snapshot()).toEqual(first);
  });
});
