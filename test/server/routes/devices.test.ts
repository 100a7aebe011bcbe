import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { makePerson } from '../support/factories.ts';
import { call, loginWithPassword, makeHolder } from '../support/identity.ts';

const bearer = (token: string) =>
  exports.default.fetch('http://pli.test/.well-known/jmap', {
    headers: { Authorization: `Bearer ${token}` },
  });

describe('device tokens', () => {
  it('a token created through the API opens the JMAP session; once revoked, it does not', async () => {
    const holder = await makeHolder();
    const jar = await loginWithPassword(holder);
    const created = await call(jar, '/api/devices', {
      method: 'POST',
      body: { name: 'Extension' },
    });
    expect(created.status).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    const me = await bearer(token);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: holder.bal.address });

    expect((await call(jar, `/api/devices/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await bearer(token)).status).toBe(401);
  });

  it('lists the tokens with their last use, never the token itself', async () => {
    const holder = await makeHolder();
    const jar = await loginWithPassword(holder);
    const { token } = (await (
      await call(jar, '/api/devices', { method: 'POST', body: { name: 'Logiciel métier' } })
    ).json()) as { token: string };
    await bearer(token);
    const list = (await (await call(jar, '/api/devices')).json()) as {
      devices: { name: string; lastUsedAt: string | null }[];
    };
    expect(list.devices).toHaveLength(1);
    expect(list.devices[0]?.name).toBe('Logiciel métier');
    expect(list.devices[0]?.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(token);
    const stored = await env.DB.prepare('SELECT token_hash FROM device_tokens').first<{
      token_hash: string;
    }>();
    expect(stored?.token_hash).not.toBe(token);
  });

  it('refuses to revoke another person’s token', async () => {
    const holder = await makeHolder();
    const other = await makePerson();
    const { createDeviceToken } = await import('../../../server/auth/device-tokens.ts');
    const theirs = await createDeviceToken(env.DB, other.idNat, 'Theirs');
    const jar = await loginWithPassword(holder);
    expect((await call(jar, `/api/devices/${theirs.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await bearer(theirs.token)).status).toBe(200);
  });

  it('traces token creation and revocation', async () => {
    const holder = await makeHolder();
    const jar = await loginWithPassword(holder);
    const { id } = (await (
      await call(jar, '/api/devices', { method: 'POST', body: { name: 'JMAP' } })
    ).json()) as { id: string };
    await call(jar, `/api/devices/${id}`, { method: 'DELETE' });
    const { results } = await env.DB.prepare(
      "SELECT kind, actor_id_nat, bal_id FROM traces WHERE kind LIKE 'token_%' ORDER BY id",
    ).all();
    expect(results).toEqual([
      { kind: 'token_created', actor_id_nat: holder.idNat, bal_id: holder.bal.id },
      { kind: 'token_revoked', actor_id_nat: holder.idNat, bal_id: holder.bal.id },
    ]);
  });

  it('forbids a device token from creating, listing or revoking device tokens', async () => {
    const holder = await makeHolder();
    const jar = await loginWithPassword(holder);
    const { id, token } = (await (
      await call(jar, '/api/devices', { method: 'POST', body: { name: 'Extension' } })
    ).json()) as { id: string; token: string };
    const withToken = (path: string, method: string, body?: unknown) =>
      exports.default.fetch(`http://pli.test${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const made = await withToken('/api/devices', 'POST', { name: 'Derived' });
    expect(made.status).toBe(403);
    expect(((await made.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    expect((await withToken('/api/devices', 'GET')).status).toBe(403);
    expect((await withToken(`/api/devices/${id}`, 'DELETE')).status).toBe(403);
    const { results } = await env.DB.prepare(
      'SELECT name FROM device_tokens WHERE id_nat = ? AND revoked_at IS NULL',
    )
      .bind(holder.idNat)
      .all<{ name: string }>();
    expect(results).toEqual([{ name: 'Extension' }]);
  });

  it('refuses the device API without credentials', async () => {
    const response = await exports.default.fetch('http://pli.test/api/devices');
    expect(response.status).toBe(401);
  });
});
