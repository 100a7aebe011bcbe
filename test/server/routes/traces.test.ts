import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createDeviceToken } from '../../../server/auth/device-tokens.ts';
import { recordTrace } from '../../../server/storage/traces.ts';
import { makeBal, makeDelegation, makePerson, sessionCookie } from '../support/factories.ts';

const get = (path: string, session: string) =>
  exports.default.fetch(`http://pli.test${path}`, {
    headers: { Cookie: session },
  });

describe('GET /api/traces', () => {
  it('shows the holder when, who, from which device and what kind of action', async () => {
    const holder = await makePerson({ givenName: 'Claire', familyName: 'Martin' });
    const delegate = await makePerson({ givenName: 'Sophie', familyName: 'Garnier' });
    const bal = await makeBal(holder.idNat);
    await makeDelegation(bal.id, delegate.idNat, holder.idNat);
    const device = await createDeviceToken(env.DB, delegate.idNat, 'Logiciel du cabinet');
    await recordTrace(env.DB, {
      kind: 'login',
      actorIdNat: holder.idNat,
      balId: bal.id,
      channel: 'session',
      at: 1000,
    });
    await recordTrace(env.DB, {
      kind: 'mail_sent',
      actorIdNat: delegate.idNat,
      balId: bal.id,
      channel: `token:${device.id}`,
      at: 2000,
    });
    const response = await get(`/api/traces?bal=${bal.address}`, await sessionCookie(holder.idNat));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: unknown[]; nextBefore: number | null };
    expect(body.items).toMatchObject([
      {
        kind: 'mail_sent',
        actor: { idNat: delegate.idNat, name: 'Sophie Garnier' },
        via: 'token',
        device: 'Logiciel du cabinet',
      },
      {
        kind: 'login',
        actor: { name: 'Claire Martin' },
        via: 'session',
        device: null,
        at: new Date(1000).toISOString(),
      },
    ]);
    expect(body.nextBefore).toBeNull();
  });

  it('pages through the history, newest first', async () => {
    const holder = await makePerson();
    const bal = await makeBal(holder.idNat);
    const kinds = ['login', 'mail_sent', 'mail_moved', 'mail_deleted', 'logout'] as const;
    for (const kind of kinds)
      await recordTrace(env.DB, { kind, actorIdNat: holder.idNat, balId: bal.id });
    const session = await sessionCookie(holder.idNat);
    const first = (await (await get(`/api/traces?bal=${bal.id}&limit=3`, session)).json()) as {
      items: { kind: string }[];
      nextBefore: number;
    };
    expect(first.items.map((i) => i.kind)).toEqual(['logout', 'mail_deleted', 'mail_moved']);
    const second = (await (
      await get(`/api/traces?bal=${bal.id}&limit=3&before=${first.nextBefore}`, session)
    ).json()) as {
      items: { kind: string }[];
    };
    expect(second.items.map((i) => i.kind)).toEqual(['mail_sent', 'login']);
  });

  it('refuses a delegate and a stranger', async () => {
    const holder = await makePerson();
    const delegate = await makePerson();
    const stranger = await makePerson();
    const bal = await makeBal(holder.idNat);
    await makeDelegation(bal.id, delegate.idNat, holder.idNat);
    expect(
      (await get(`/api/traces?bal=${bal.address}`, await sessionCookie(delegate.idNat))).status,
    ).toBe(403);
    expect(
      (await get(`/api/traces?bal=${bal.address}`, await sessionCookie(stranger.idNat))).status,
    ).toBe(404);
    expect(
      (await exports.default.fetch(`http://pli.test/api/traces?bal=${bal.address}`)).status,
    ).toBe(401);
  });

  it('forbids a device token from reading the history', async () => {
    const holder = await makePerson();
    const bal = await makeBal(holder.idNat);
    await recordTrace(env.DB, { kind: 'login', actorIdNat: holder.idNat, balId: bal.id });
    const token = (await createDeviceToken(env.DB, holder.idNat, 'Extension')).token;
    const response = await exports.default.fetch(`http://pli.test/api/traces?bal=${bal.id}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(403);
    expect(JSON.stringify(await response.json())).not.toContain('login');
  });
});
