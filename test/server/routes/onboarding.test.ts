import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { makeBal, makePerson, sessionCookie } from '../support/factories.ts';
import { call, Jar, lastCode } from '../support/identity.ts';
import { makePscPerson } from '../support/psc-person.ts';

async function jarFor(idNat: string) {
  const jar = new Jar();
  const [name = '', value = ''] = (await sessionCookie(idNat)).split('=');
  jar.cookies.set(name, value);
  jar.cookies.set('pli_csrf', 'test-csrf');
  return jar;
}

async function verifyEmail(jar: Jar, email: string) {
  expect(
    (await call(jar, '/api/onboarding/email', { method: 'POST', body: { email } })).status,
  ).toBe(204);
  const code = await lastCode(email);
  const verified = await call(jar, '/api/onboarding/email/verify', {
    method: 'POST',
    body: { code },
  });
  expect(verified.status).toBe(204);
}

const choices = {
  cguVersion: '2026-11',
  mobile: '0611223344',
  listeRouge: false,
  publishPhone: true,
};

describe('the onboarding', () => {
  it('creates the BAL prenom.nom@<profession>.<domain> after CGU, verified email and choices', async () => {
    const person = await makePscPerson({
      givenName: 'Élodie',
      familyName: 'Le Gall',
      professionCode: '60',
    });
    const jar = await jarFor(person.idNat);
    const status = (await (await call(jar, '/api/onboarding')).json()) as {
      allowed: boolean;
      proposedAddress: string;
      cgu: { version: string };
    };
    expect(status).toMatchObject({
      allowed: true,
      proposedAddress: 'elodie.le-gall@infirmier.pli.mssante.fr',
      cgu: { version: '2026-11' },
    });
    await verifyEmail(jar, 'elodie@example.org');
    const done = await call(jar, '/api/onboarding/complete', { method: 'POST', body: choices });
    expect(done.status).toBe(201);
    const { balId, address } = (await done.json()) as { balId: string; address: string };
    expect(address).toBe('elodie.le-gall@infirmier.pli.mssante.fr');

    const me = (await (await call(jar, '/api/me')).json()) as { bals: { address: string }[] };
    expect(me.bals.map((b) => b.address)).toEqual([address]);
    expect(
      await env.DB.prepare(
        'SELECT liste_rouge, publish_phone FROM bal_directory_choices WHERE bal_id = ?',
      )
        .bind(balId)
        .first(),
    ).toEqual({ liste_rouge: 0, publish_phone: 1 });
    expect(
      await env.DB.prepare('SELECT version FROM cgu_acceptances WHERE id_nat = ?')
        .bind(person.idNat)
        .first(),
    ).toEqual({ version: '2026-11' });
    expect(
      await env.DB.prepare('SELECT external_email, mobile FROM person_contacts WHERE id_nat = ?')
        .bind(person.idNat)
        .first(),
    ).toEqual({ external_email: 'elodie@example.org', mobile: '0611223344' });
    expect(
      await env.DB.prepare(
        "SELECT actor_id_nat, bal_id FROM traces WHERE kind = 'bal_created'",
      ).first(),
    ).toEqual({ actor_id_nat: person.idNat, bal_id: balId });
  });

  it('numbers the address when it is taken', async () => {
    const other = await makePerson();
    await makeBal(other.idNat, 'camille.dubois@medecin.pli.mssante.fr');
    await makeBal(other.idNat, 'camille.dubois2@medecin.pli.mssante.fr');
    const person = await makePscPerson();
    const jar = await jarFor(person.idNat);
    await verifyEmail(jar, 'camille@example.org');
    const done = await call(jar, '/api/onboarding/complete', { method: 'POST', body: choices });
    expect(((await done.json()) as { address: string }).address).toBe(
      'camille.dubois3@medecin.pli.mssante.fr',
    );
  });

  it('refuses an identity without a professional practice, with a clear reason', async () => {
    const person = await makePscPerson({ practice: false });
    const jar = await jarFor(person.idNat);
    const status = (await (await call(jar, '/api/onboarding')).json()) as {
      allowed: boolean;
      refusal: string;
    };
    expect(status.allowed).toBe(false);
    expect(status.refusal).toContain('aucun exercice professionnel');
    const done = await call(jar, '/api/onboarding/complete', { method: 'POST', body: choices });
    expect(done.status).toBe(403);
    expect(((await done.json()) as { error: { code: string } }).error.code).toBe(
      'onboarding_refused',
    );
  });

  it('refuses to complete without a verified personal email', async () => {
    const person = await makePscPerson();
    const jar = await jarFor(person.idNat);
    const done = await call(jar, '/api/onboarding/complete', { method: 'POST', body: choices });
    expect(done.status).toBe(400);
  });

  it('refuses an MSSanté address as the personal email', async () => {
    const person = await makePscPerson();
    const jar = await jarFor(person.idNat);
    const response = await call(jar, '/api/onboarding/email', {
      method: 'POST',
      body: { email: 'camille@medecin.mssante.fr' },
    });
    expect(response.status).toBe(400);
  });

  it('refuses a CGU version that is not the current one', async () => {
    const person = await makePscPerson();
    const jar = await jarFor(person.idNat);
    await verifyEmail(jar, 'camille@example.org');
    const done = await call(jar, '/api/onboarding/complete', {
      method: 'POST',
      body: { ...choices, cguVersion: '2019-01' },
    });
    expect(done.status).toBe(400);
  });

  it('refuses a second BAL', async () => {
    const person = await makePscPerson();
    const jar = await jarFor(person.idNat);
    await verifyEmail(jar, 'camille@example.org');
    await call(jar, '/api/onboarding/complete', { method: 'POST', body: choices });
    const again = await call(jar, '/api/onboarding/complete', { method: 'POST', body: choices });
    expect(again.status).toBe(409);
  });

  it('refuses a wrong email verification code', async () => {
    const person = await makePscPerson();
    const jar = await jarFor(person.idNat);
    await call(jar, '/api/onboarding/email', { method: 'POST', body: { email: 'c@example.org' } });
    const code = await lastCode('c@example.org');
    const wrong = code === '000000' ? '111111' : '000000';
    const response = await call(jar, '/api/onboarding/email/verify', {
      method: 'POST',
      body: { code: wrong },
    });
    expect(response.status).toBe(401);
  });
});
