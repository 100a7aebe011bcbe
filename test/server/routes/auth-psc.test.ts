import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { hashSecret } from '../../../server/auth/secrets.ts';
import { consumeLoginState } from '../../../server/psc/flow.ts';

async function storeState(cookie: string, state: string, createdAt = Date.now()) {
  await env.DB.prepare(
    'INSERT INTO psc_login_states (id_hash, state, nonce, code_verifier, created_at) VALUES (?, ?, ?, ?, ?)',
  )
    .bind(await hashSecret(cookie), state, 'nonce', 'verifier', createdAt)
    .run();
}

function callback(query: string, cookie?: string) {
  return exports.default.fetch(`http://pli.test/auth/psc/callback?${query}`, {
    headers: cookie ? { Cookie: `pli_psc=${cookie}` } : {},
  });
}

describe('the PSC login state', () => {
  it('is consumed once: a replayed state is refused', async () => {
    await storeState('cookie-1', 'state-1');
    expect(await consumeLoginState(env.DB, 'cookie-1', 'state-1')).toEqual({
      nonce: 'nonce',
      verifier: 'verifier',
      previousSessionHash: null,
    });
    expect(await consumeLoginState(env.DB, 'cookie-1', 'state-1')).toBeNull();
  });

  it('refuses a state that is not the one of the browser’s round trip', async () => {
    await storeState('cookie-2', 'state-2');
    expect(await consumeLoginState(env.DB, 'cookie-2', 'forged')).toBeNull();
    // And the round trip is spent: the right state no longer works either.
    expect(await consumeLoginState(env.DB, 'cookie-2', 'state-2')).toBeNull();
  });

  it('refuses a state older than ten minutes', async () => {
    await storeState('cookie-3', 'state-3', Date.now() - 11 * 60_000);
    expect(await consumeLoginState(env.DB, 'cookie-3', 'state-3')).toBeNull();
  });
});

describe('GET /auth/psc/callback', () => {
  it('refuses an unknown state and opens no session', async () => {
    const response = await callback('code=abc&state=unknown', 'no-such-cookie');
    expect(response.status).toBe(400);
    expect(response.headers.getSetCookie().some((c) => c.startsWith('pli_session='))).toBe(false);
    const trace = await env.DB.prepare(
      "SELECT detail FROM traces WHERE kind = 'login_failed'",
    ).first();
    expect(trace).toEqual({ detail: 'psc_state' });
  });

  it('refuses a callback without the browser’s state cookie', async () => {
    await storeState('cookie-4', 'state-4');
    expect((await callback('code=abc&state=state-4')).status).toBe(400);
  });

  it('refuses a replayed callback: the round trip was spent by the first use', async () => {
    await storeState('cookie-5', 'state-5');
    await callback('code=abc&state=state-5', 'cookie-5');
    const replay = await callback('code=abc&state=state-5', 'cookie-5');
    expect(replay.status).toBe(400);
    expect(replay.headers.getSetCookie().some((c) => c.startsWith('pli_session='))).toBe(false);
    const { results } = await env.DB.prepare(
      "SELECT detail FROM traces WHERE kind = 'login_failed' ORDER BY id",
    ).all<{ detail: string }>();
    // The first use got past the state check (and failed later, with no provider here);
    // the replay was refused at the state check.
    expect(results.map((r) => r.detail)).toEqual(['psc_error', 'psc_state']);
  });
});
