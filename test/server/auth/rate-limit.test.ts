import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { assertNotLocked, countEvent, LOGIN_LIMIT } from '../../../server/auth/rate-limit.ts';
import { ApiError } from '../../../server/errors.ts';

const recorded = (key: string) =>
  env.DB.prepare('SELECT count, locked_until FROM rate_limits WHERE key = ?')
    .bind(key)
    .first<{ count: number; locked_until: number | null }>();

describe('the login rate limiter', () => {
  it('forbids concurrent wrong guesses from losing increments: 20 at once are all counted and lock the login', async () => {
    const key = `addr:concurrent-${crypto.randomUUID()}@pli.mssante.fr`;
    const now = Date.now();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => countEvent(env.DB, key, LOGIN_LIMIT, now)),
    );
    const row = await recorded(key);
    expect(row?.count).toBe(20);
    expect(row?.locked_until).toBe(now + LOGIN_LIMIT.lockMs);
    expect(results.filter((r) => r.locked)).toHaveLength(16);
    await expect(assertNotLocked(env.DB, key, now + 1)).rejects.toBeInstanceOf(ApiError);
  });

  it('locks a login for 15 minutes at its fifth failure, not before', async () => {
    const key = `addr:five-${crypto.randomUUID()}@pli.mssante.fr`;
    const now = Date.now();
    for (let i = 1; i < LOGIN_LIMIT.max; i++) {
      expect((await countEvent(env.DB, key, LOGIN_LIMIT, now + i)).locked).toBe(false);
    }
    await assertNotLocked(env.DB, key, now + 10);
    expect((await countEvent(env.DB, key, LOGIN_LIMIT, now + 10)).locked).toBe(true);
    await expect(assertNotLocked(env.DB, key, now + 11)).rejects.toBeInstanceOf(ApiError);
    await expect(
      assertNotLocked(env.DB, key, now + 10 + LOGIN_LIMIT.lockMs - 1),
    ).rejects.toBeInstanceOf(ApiError);
    await assertNotLocked(env.DB, key, now + 10 + LOGIN_LIMIT.lockMs + 1);
  });

  it('starts a fresh count once the lock and its window are over', async () => {
    const key = `addr:after-${crypto.randomUUID()}@pli.mssante.fr`;
    const now = Date.now();
    for (let i = 0; i < LOGIN_LIMIT.max; i++) await countEvent(env.DB, key, LOGIN_LIMIT, now);
    const later = now + LOGIN_LIMIT.lockMs + 1;
    expect((await countEvent(env.DB, key, LOGIN_LIMIT, later)).locked).toBe(false);
    expect((await recorded(key))?.count).toBe(1);
  });

  it('forbids a failure after the window ended from lifting a lock that still runs', async () => {
    const key = `addr:keep-${crypto.randomUUID()}@pli.mssante.fr`;
    const now = Date.now();
    await env.DB.prepare(
      'INSERT INTO rate_limits (key, count, window_start, locked_until) VALUES (?, 5, ?, ?)',
    )
      .bind(key, now - LOGIN_LIMIT.windowMs - 1, now + 60_000)
      .run();
    expect((await countEvent(env.DB, key, LOGIN_LIMIT, now)).locked).toBe(true);
    await expect(assertNotLocked(env.DB, key, now + 1)).rejects.toBeInstanceOf(ApiError);
  });
});
