import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { bearerToken, callAs, makeBal, makeDelegation, makePerson } from '../support/factories.ts';

const login = (token: string, address: string) =>
  callAs({ token }, '/api/gateway/login', 'POST', { address, protocol: 'smtp' });

describe('the gateway login (POST /api/gateway/login)', () => {
  it('accepts an application password for its owner’s BAL and lists the BALs they may send as', async () => {
    const holder = await makePerson();
    const bal = await makeBal(holder.idNat);
    const other = await makePerson();
    const otherBal = await makeBal(other.idNat);
    await makeDelegation(otherBal.id, holder.idNat, other.idNat);
    const token = await bearerToken(holder.idNat, 'Thunderbird');
    const response = await login(token, bal.address.toUpperCase());
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ownAddress: bal.address,
      accounts: [
        { id: bal.id, address: bal.address, role: 'holder' },
        { id: otherBal.id, address: otherBal.address, role: 'delegate' },
      ],
    });
  });

  it('records the login in the BAL history with the device and the protocol', async () => {
    const holder = await makePerson();
    const bal = await makeBal(holder.idNat);
    const token = await bearerToken(holder.idNat);
    await login(token, bal.address);
    const trace = await env.DB.prepare(
      "SELECT channel, detail, actor_id_nat FROM traces WHERE bal_id = ? AND kind = 'login'",
    )
      .bind(bal.id)
      .first<{ channel: string; detail: string; actor_id_nat: string }>();
    expect(trace?.channel).toMatch(/^token:/);
    expect(trace?.detail).toBe('smtp');
    expect(trace?.actor_id_nat).toBe(holder.idNat);
  });

  it('forbids logging in to another person’s BAL with one’s own application password', async () => {
    const holder = await makePerson();
    await makeBal(holder.idNat);
    const other = await makePerson();
    const otherBal = await makeBal(other.idNat);
    const token = await bearerToken(holder.idNat);
    const response = await login(token, otherBal.address);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_credentials' } });
  });

  it('forbids guessing: 5 failures lock the address for 15 minutes, even for the right password', async () => {
    const holder = await makePerson();
    const bal = await makeBal(holder.idNat);
    const token = await bearerToken(holder.idNat);
    for (let i = 0; i < 5; i += 1) {
      expect((await login(`pli_dev_wrong${i}`, bal.address)).status).toBe(401);
    }
    const locked = await login(token, bal.address);
    expect(locked.status).toBe(429);
    const failures = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM traces WHERE bal_id = ? AND kind = 'login_failed' AND channel = 'smtp'",
    )
      .bind(bal.id)
      .first<{ n: number }>();
    expect(failures?.n).toBe(5);
  });
});

describe('the gateway recipient check (POST /api/gateway/recipients)', () => {
  it('names a recipient outside the trust space and accepts a Pli address', async () => {
    const holder = await makePerson();
    await makeBal(holder.idNat);
    const colleague = await makeBal((await makePerson()).idNat);
    const token = await bearerToken(holder.idNat);
    const response = await callAs({ token }, '/api/gateway/recipients', 'POST', {
      recipients: [colleague.address, 'quelquun@gmail.com'],
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      refused: [{ address: 'quelquun@gmail.com', reason: 'outside_trust_space' }],
    });
  });

  it('forbids the check without an application password', async () => {
    const response = await callAs({ token: 'pli_dev_nope' }, '/api/gateway/recipients', 'POST', {
      recipients: ['quelquun@gmail.com'],
    });
    expect(response.status).toBe(401);
  });
});
