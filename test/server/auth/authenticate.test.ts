import { env, exports } from 'cloudflare:workers';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { requireAuth } from '../../../server/auth/authenticate.ts';
import { revokeDeviceToken } from '../../../server/auth/device-tokens.ts';
import {
  createSession,
  readSession,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
} from '../../../server/auth/sessions.ts';
import type { AppEnv } from '../../../server/env.ts';
import { handleError } from '../../../server/errors.ts';
import { bearerToken, makeBal, makePerson, sessionCookie } from '../support/factories.ts';

function app() {
  const hono = new Hono<AppEnv>();
  hono.onError(handleError);
  hono.get('/whoami', requireAuth({ allow: 'token' }), (c) => c.json(c.get('auth')));
  hono.get('/person', requireAuth(), (c) => c.json(c.get('auth')));
  hono.get('/stream', requireAuth({ allow: 'token', allowQueryToken: true }), (c) =>
    c.json(c.get('auth')),
  );
  return hono;
}

describe('requireAuth', () => {
  it('identifies the person of a session cookie', async () => {
    const person = await makePerson();
    const response = await app().request(
      '/whoami',
      { headers: { Cookie: await sessionCookie(person.idNat) } },
      env,
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ idNat: person.idNat, via: 'session' });
  });

  it('identifies the person of a device bearer token', async () => {
    const person = await makePerson();
    const token = await bearerToken(person.idNat);
    const response = await app().request(
      '/whoami',
      { headers: { Authorization: `Bearer ${token}` } },
      env,
    );
    expect(await response.json()).toMatchObject({ idNat: person.idNat, via: 'token' });
  });

  it('refuses a request with no credentials', async () => {
    const response = await app().request('/whoami', {}, env);
    expect(response.status).toBe(401);
  });

  it('refuses a revoked device token on its very next use', async () => {
    const person = await makePerson();
    const token = await bearerToken(person.idNat);
    const headers = { Authorization: `Bearer ${token}` };
    expect((await app().request('/whoami', { headers }, env)).status).toBe(200);
    const { results } = await env.DB.prepare('SELECT id FROM device_tokens').all<{ id: string }>();
    await revokeDeviceToken(env.DB, person.idNat, results[0]?.id ?? '');
    expect((await app().request('/whoami', { headers }, env)).status).toBe(401);
  });

  it('refuses an unknown session id and a forged token', async () => {
    const forged = { Cookie: 'pli_session=forged' };
    expect((await app().request('/whoami', { headers: forged }, env)).status).toBe(401);
    const bearer = { Authorization: 'Bearer pli_dev_forged' };
    expect((await app().request('/whoami', { headers: bearer }, env)).status).toBe(401);
  });

  it('forbids a device token from a route open to sessions only', async () => {
    const person = await makePerson();
    const token = await bearerToken(person.idNat);
    const response = await app().request(
      '/person',
      { headers: { Authorization: `Bearer ${token}` } },
      env,
    );
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    const session = { Cookie: await sessionCookie(person.idNat) };
    expect((await app().request('/person', { headers: session }, env)).status).toBe(200);
  });

  it('forbids a device token from reaching anything but mail and reading the directory', async () => {
    const person = await makePerson();
    const bal = await makeBal(person.idNat);
    const token = await bearerToken(person.idNat);
    const withToken = (path: string, method = 'GET', body?: unknown) =>
      exports.default.fetch(`http://pli.test${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    for (const [path, method, body] of [
      ['/api/me', 'GET'],
      ['/api/devices', 'GET'],
      ['/api/devices', 'POST', { name: 'Derived' }],
      ['/api/delegations', 'GET'],
      ['/api/delegations', 'POST', { bal: bal.address, idNat: '810100010023' }],
      ['/api/account/export', 'GET'],
      [`/api/account/export/mailbox?bal=${bal.address}`, 'GET'],
      [`/api/traces?bal=${bal.address}`, 'GET'],
      ['/api/settings', 'GET'],
      ['/api/directory/favourites', 'POST', { address: 'anne.b@medecin.mssante.fr' }],
      ['/api/directory/favourites/anne.b@medecin.mssante.fr', 'DELETE'],
      ['/api/credentials/password', 'PUT', { password: 'Une-tisane-au-thym-2026' }],
      ['/api/onboarding', 'GET'],
      ['/api/cgu', 'GET'],
      ['/api/operator/stats?from=2026-01-01&to=2026-12-31', 'GET'],
      ['/auth/logout-all', 'POST'],
    ] as const) {
      const response = await withToken(path, method, body);
      expect({ path, method, status: response.status }).toEqual({ path, method, status: 403 });
    }
    expect((await withToken('/.well-known/jmap')).status).toBe(200);
    expect((await withToken('/api/directory?q=martin')).status).toBe(200);
    const api = await withToken('/jmap/api', 'POST', {
      using: ['urn:ietf:params:jmap:core'],
      methodCalls: [],
    });
    expect(api.status).toBe(200);
  });

  it('refuses ?access_token= except where EventSource needs it', async () => {
    const person = await makePerson();
    const token = await bearerToken(person.idNat);
    expect((await app().request(`/whoami?access_token=${token}`, {}, env)).status).toBe(401);
    expect((await app().request(`/stream?access_token=${token}`, {}, env)).status).toBe(200);
  });
});

describe('sessions', () => {
  it('end after 30 minutes idle', async () => {
    const person = await makePerson();
    const id = await createSession(env.DB, { idNat: person.idNat, method: 'psc' }, 0);
    expect(await readSession(env.DB, id, SESSION_IDLE_MS - 1)).not.toBeNull();
    const later = SESSION_IDLE_MS - 1 + SESSION_IDLE_MS + 1;
    expect(await readSession(env.DB, id, later)).toBeNull();
  });

  it('end after 12 hours even when used all along', async () => {
    const person = await makePerson();
    const id = await createSession(env.DB, { idNat: person.idNat, method: 'psc' }, 0);
    for (let t = 0; t < SESSION_ABSOLUTE_MS; t += 20 * 60 * 1000) {
      expect(await readSession(env.DB, id, t)).not.toBeNull();
    }
    expect(await readSession(env.DB, id, SESSION_ABSOLUTE_MS + 1)).toBeNull();
  });

  it('store only a hash of the session id', async () => {
    const person = await makePerson();
    const id = await createSession(env.DB, { idNat: person.idNat, method: 'psc' });
    const stored = await env.DB.prepare('SELECT id_hash FROM sessions').first<{
      id_hash: string;
    }>();
    expect(stored?.id_hash).not.toContain(id);
    expect(stored?.id_hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
