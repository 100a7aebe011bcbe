import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { identityCleanupJob } from '../../../server/auth/cleanup.ts';
import { createDeviceToken } from '../../../server/auth/device-tokens.ts';
import { createSession } from '../../../server/auth/sessions.ts';
import { makePerson } from '../support/factories.ts';

const count = async (table: string) =>
  (await env.DB.prepare(`SELECT COUNT(*) AS n FROM ${table}`).first<{ n: number }>())?.n ?? 0;

describe('the identity cleanup job', () => {
  it('deletes timed-out sessions and abandoned PSC round trips, and keeps live ones', async () => {
    const person = await makePerson();
    const now = Date.now();
    await createSession(env.DB, { idNat: person.idNat, method: 'psc' }, now - 31 * 60_000);
    await createSession(env.DB, { idNat: person.idNat, method: 'psc' }, now);
    await env.DB.prepare(
      'INSERT INTO psc_login_states (id_hash, state, nonce, code_verifier, created_at) VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)',
    )
      .bind('old', 's', 'n', 'v', now - 11 * 60_000, 'new', 's', 'n', 'v', now)
      .run();
    await identityCleanupJob.run(env, new Date(now));
    expect(await count('sessions')).toBe(1);
    expect(await count('psc_login_states')).toBe(1);
  });

  it('deletes device authorizations expired for over an hour, and keeps the recently expired ones (they still answer expired_token)', async () => {
    const now = Date.now();
    const insert = (id: string, expiresAt: number) =>
      env.DB.prepare(
        `INSERT INTO device_authorizations (id, device_code_hash, user_code_hash, client, browser, status, interval_ms, created_at, expires_at)
         VALUES (?, ?, ?, 'extension', 'Chrome', 'pending', 5000, ?, ?)`,
      )
        .bind(id, `d-${id}`, `u-${id}`, expiresAt - 600_000, expiresAt)
        .run();
    await insert('old', now - 61 * 60_000);
    await insert('recent', now - 60_000);
    await insert('live', now + 60_000);
    await identityCleanupJob.run(env, new Date(now));
    const { results } = await env.DB.prepare(
      'SELECT id FROM device_authorizations ORDER BY id',
    ).all<{ id: string }>();
    expect(results.map((r) => r.id)).toEqual(['live', 'recent']);
  });

  it('deletes push subscriptions expired or whose device token was revoked or session ended, and keeps live ones', async () => {
    const person = await makePerson();
    const now = Date.now();
    const live = await createDeviceToken(env.DB, person.idNat, 'Poste');
    const revoked = await createDeviceToken(env.DB, person.idNat, 'Ancien poste');
    await env.DB.prepare('UPDATE device_tokens SET revoked_at = ? WHERE id = ?')
      .bind(now, revoked.id)
      .run();
    const insert = (id: string, credential: string, expiresAt: number) =>
      env.DB.prepare(
        `INSERT INTO push_subscriptions (id, id_nat, credential, device_client_id, url, verification_code, expires_at, created_at)
         VALUES (?, ?, ?, 'poste', 'https://push.example.org/x', 'c', ?, ?)`,
      )
        .bind(id, person.idNat, credential, expiresAt, now)
        .run();
    await insert('live', `token:${live.id}`, now + 60_000);
    await insert('expired', `token:${live.id}`, now - 1);
    await insert('revoked', `token:${revoked.id}`, now + 60_000);
    await insert('ended', 'session:no-such-session', now + 60_000);
    await identityCleanupJob.run(env, new Date(now));
    const { results } = await env.DB.prepare('SELECT id FROM push_subscriptions').all<{
      id: string;
    }>();
    expect(results.map((r) => r.id)).toEqual(['live']);
  });

  it('keeps a rate-limit lock that is still running', async () => {
    const now = Date.now();
    await env.DB.prepare(
      'INSERT INTO rate_limits (key, count, window_start, locked_until) VALUES (?, 0, ?, ?), (?, 1, ?, NULL)',
    )
      .bind('addr:locked', now - 2 * 86_400_000, now + 60_000, 'addr:stale', now - 2 * 86_400_000)
      .run();
    await identityCleanupJob.run(env, new Date(now));
    const { results } = await env.DB.prepare('SELECT key FROM rate_limits').all<{ key: string }>();
    expect(results.map((r) => r.key)).toEqual(['addr:locked']);
  });
});
