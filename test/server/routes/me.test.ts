import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { makeBal, makeDelegation, makePerson, sessionCookie } from '../support/factories.ts';

async function me(cookie: string) {
  return exports.default.fetch('http://pli.test/api/me', { headers: { Cookie: cookie } });
}

describe('GET /api/me', () => {
  it('answers the person and their BALs, own first, then delegated', async () => {
    const holder = await makePerson({ givenName: 'Claire', familyName: 'Martin' });
    const delegate = await makePerson({ givenName: 'Sophie', familyName: 'Garnier' });
    const holderBal = await makeBal(holder.idNat, 'claire.martin@medecin.pli.mssante.fr');
    const ownBal = await makeBal(delegate.idNat, 'sophie.garnier@medecin.pli.mssante.fr');
    await makeDelegation(holderBal.id, delegate.idNat, holder.idNat);
    const response = await me(await sessionCookie(delegate.idNat));
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      idNat: string;
      givenName: string;
      professionCode: string;
      bals: { id: string; role: string }[];
      needsOnboarding: boolean;
    };
    expect(body).toMatchObject({
      idNat: delegate.idNat,
      givenName: 'Sophie',
      professionCode: '10',
    });
    expect(body.bals.map((b) => [b.id, b.role])).toEqual([
      [ownBal.id, 'holder'],
      [holderBal.id, 'delegate'],
    ]);
    expect(body.needsOnboarding).toBe(false);
  });

  it('tells a practitioner without a BAL of their own to onboard', async () => {
    const person = await makePerson();
    const body = (await (await me(await sessionCookie(person.idNat))).json()) as {
      needsOnboarding: boolean;
      bals: unknown[];
    };
    expect(body).toMatchObject({ needsOnboarding: true, bals: [] });
  });

  it('refuses an anonymous caller', async () => {
    expect((await exports.default.fetch('http://pli.test/api/me')).status).toBe(401);
  });

  it('is never cached', async () => {
    const person = await makePerson();
    const response = await me(await sessionCookie(person.idNat));
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
  });
});
