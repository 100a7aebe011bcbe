import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { searchDirectory } from '../../../server/directory/search.ts';
import { sessionCookie } from '../support/factories.ts';
import { call, Jar, lastCode } from '../support/identity.ts';
import { makePscPerson } from '../support/psc-person.ts';

async function onboard(listeRouge: boolean) {
  const person = await makePscPerson({
    givenName: 'Yasmine',
    familyName: 'Zerbib',
    professionCode: '60',
  });
  const jar = new Jar();
  const [name = '', value = ''] = (await sessionCookie(person.idNat)).split('=');
  jar.cookies.set(name, value);
  jar.cookies.set('pli_csrf', 'test-csrf');
  await call(jar, '/api/onboarding/email', {
    method: 'POST',
    body: { email: 'yasmine@example.org' },
  });
  const code = await lastCode('yasmine@example.org');
  await call(jar, '/api/onboarding/email/verify', { method: 'POST', body: { code } });
  const done = await call(jar, '/api/onboarding/complete', {
    method: 'POST',
    body: { cguVersion: '2026-11', mobile: null, listeRouge, publishPhone: false },
  });
  expect(done.status).toBe(201);
  return ((await done.json()) as { address: string }).address;
}

describe('a BAL created at onboarding', () => {
  it('is in the directory at once', async () => {
    const address = await onboard(false);
    expect((await searchDirectory(env.DB, 'yasmine zerbib', 5)).map((r) => r.address)).toEqual([
      address,
    ]);
  });

  it('is never shown when its holder chose the liste rouge', async () => {
    const address = await onboard(true);
    expect(await searchDirectory(env.DB, 'yasmine zerbib', 5)).toEqual([]);
    expect(await searchDirectory(env.DB, address, 5)).toEqual([]);
  });
});
