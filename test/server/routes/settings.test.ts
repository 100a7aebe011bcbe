import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { searchDirectory } from '../../../server/directory/search.ts';
import { noticePreferences } from '../../../server/notices/preferences.ts';
import { listOutbox } from '../../../server/storage/dev-outbox.ts';
import { makeContact, makeDirectoryChoices } from '../support/account-factories.ts';
import { makeBal, makeDelegation, makePerson, sessionCookie } from '../support/factories.ts';

const call = (path: string, session: string, method = 'GET', body?: unknown) =>
  exports.default.fetch(`http://pli.test${path}`, {
    method,
    headers: { Cookie: session, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

async function account() {
  const person = await makePerson({ familyName: 'Reglages' });
  const bal = await makeBal(person.idNat);
  await makeContact(person.idNat, { email: 'ancienne@example.org' });
  return { person, bal, session: await sessionCookie(person.idNat) };
}

describe('GET /api/settings', () => {
  it('shows contacts, choices, notices, newsletter, TOTP and CGU acceptances', async () => {
    const { person, bal, session } = await account();
    await env.DB.prepare(
      'INSERT INTO cgu_acceptances (id_nat, version, accepted_at) VALUES (?, ?, ?)',
    )
      .bind(person.idNat, '2026-11', 1000)
      .run();
    const body = await (await call('/api/settings', session)).json();
    expect(body).toMatchObject({
      email: { address: 'ancienne@example.org', verified: true },
      mobile: null,
      newsletter: false,
      notices: { enabled: true, channel: 'email' },
      totp: { enabled: false },
      directory: [{ balId: bal.id, address: bal.address, listeRouge: false, publishPhone: false }],
      cgu: {
        current: '2026-11',
        accepted: [{ version: '2026-11', acceptedAt: new Date(1000).toISOString() }],
      },
    });
  });
});

describe('settings changes', () => {
  it('turn notices off and choose SMS only with a mobile', async () => {
    const { person, session } = await account();
    expect(
      (await call('/api/settings/notices', session, 'PUT', { enabled: true, channel: 'sms' }))
        .status,
    ).toBe(400);
    expect(
      (await call('/api/settings/mobile', session, 'PUT', { mobile: '0612345678' })).status,
    ).toBe(204);
    expect(
      (await call('/api/settings/notices', session, 'PUT', { enabled: true, channel: 'sms' }))
        .status,
    ).toBe(204);
    expect(await noticePreferences(env.DB, person.idNat)).toEqual({
      enabled: true,
      channel: 'sms',
    });
    expect(
      (await call('/api/settings/notices', session, 'PUT', { enabled: false, channel: 'sms' }))
        .status,
    ).toBe(204);
    expect((await noticePreferences(env.DB, person.idNat)).enabled).toBe(false);
    await call('/api/settings/mobile', session, 'PUT', { mobile: null });
    expect((await noticePreferences(env.DB, person.idNat)).channel).toBe('email');
  });

  it('subscribe to and unsubscribe from the newsletter', async () => {
    const { session } = await account();
    await call('/api/settings/newsletter', session, 'PUT', { subscribed: true });
    expect(
      ((await (await call('/api/settings', session)).json()) as { newsletter: boolean }).newsletter,
    ).toBe(true);
    await call('/api/settings/newsletter', session, 'PUT', { subscribed: false });
    expect(
      ((await (await call('/api/settings', session)).json()) as { newsletter: boolean }).newsletter,
    ).toBe(false);
  });

  it('put a BAL on the liste rouge, which leaves the directory at once', async () => {
    const { bal, session } = await account();
    await call('/api/settings/directory', session, 'PUT', {
      bal: bal.address,
      listeRouge: false,
      publishPhone: false,
    });
    expect(await searchDirectory(env.DB, 'reglages', 5)).toHaveLength(1);
    await call('/api/settings/directory', session, 'PUT', {
      bal: bal.address,
      listeRouge: true,
      publishPhone: false,
    });
    expect(await searchDirectory(env.DB, 'reglages', 5)).toEqual([]);
  });

  it('publish the phone only once allowed', async () => {
    const { bal, session } = await account();
    await call('/api/settings/mobile', session, 'PUT', { mobile: '0712345678' });
    await call('/api/settings/directory', session, 'PUT', {
      bal: bal.address,
      listeRouge: false,
      publishPhone: false,
    });
    expect((await searchDirectory(env.DB, 'reglages', 5))[0]?.phone).toBeNull();
    await call('/api/settings/directory', session, 'PUT', {
      bal: bal.address,
      listeRouge: false,
      publishPhone: true,
    });
    expect((await searchDirectory(env.DB, 'reglages', 5))[0]?.phone).toBe('0712345678');
  });

  it('refuses a delegate who changes the holder’s directory choices', async () => {
    const { person, bal } = await account();
    const delegate = await makePerson();
    await makeDelegation(bal.id, delegate.idNat, person.idNat);
    await makeDirectoryChoices(bal.id, { listeRouge: true });
    const response = await call(
      '/api/settings/directory',
      await sessionCookie(delegate.idNat),
      'PUT',
      {
        bal: bal.address,
        listeRouge: false,
        publishPhone: true,
      },
    );
    expect(response.status).toBe(403);
  });

  it('re-verify a new external email before using it, and warn the old one', async () => {
    const { session } = await account();
    expect(
      (await call('/api/settings/email', session, 'POST', { email: 'Nouvelle@Example.org' }))
        .status,
    ).toBe(202);
    const settings = (await (await call('/api/settings', session)).json()) as {
      email: { address: string };
    };
    expect(settings.email.address).toBe('ancienne@example.org');
    const [mail] = await listOutbox(env.DB, { to: 'nouvelle@example.org', limit: 1 });
    const code = mail?.body.match(/\b(\d{6})\b/)?.[1] as string;
    const wrong = code === '000000' ? '111111' : '000000';
    expect(
      (await call('/api/settings/email/verify', session, 'POST', { code: wrong })).status,
    ).toBe(401);
    expect((await call('/api/settings/email/verify', session, 'POST', { code })).status).toBe(204);
    const after = (await (await call('/api/settings', session)).json()) as {
      email: { address: string; verified: boolean };
    };
    expect(after.email).toEqual({ address: 'nouvelle@example.org', verified: true });
    const [warning] = await listOutbox(env.DB, { to: 'ancienne@example.org', limit: 1 });
    expect(warning?.subject).toBe('Votre adresse de contact Pli a été modifiée');
  });

  it('refuses an MSSanté address as the external email', async () => {
    const { session } = await account();
    const response = await call('/api/settings/email', session, 'POST', {
      email: 'x@medecin.mssante.fr',
    });
    expect(response.status).toBe(400);
  });
});
