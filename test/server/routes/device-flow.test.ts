import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { PAIRING_LIMIT } from '../../../server/auth/rate-limit.ts';
import {
  DEVICE_CODE_GRANT_TYPE,
  type DeviceAuthorization,
  USER_CODE_ALPHABET,
} from '../../../shared/device-flow.ts';
import { callAs } from '../support/factories.ts';
import { call, type Jar, loginWithPassword, makeHolder } from '../support/identity.ts';

// The extension calls from its own origin, without cookies.
const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';

async function start(browser = 'Chrome'): Promise<DeviceAuthorization> {
  const response = await exports.default.fetch('http://pli.test/auth/device', {
    method: 'POST',
    headers: { Origin: EXTENSION_ORIGIN, 'Content-Type': 'application/json' },
    body: JSON.stringify({ client: 'extension', browser }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as DeviceAuthorization;
}

async function poll(
  deviceCode: string,
  grantType = DEVICE_CODE_GRANT_TYPE,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await exports.default.fetch('http://pli.test/auth/device/token', {
    method: 'POST',
    headers: { Origin: EXTENSION_ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: grantType, device_code: deviceCode }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** As if the device had waited `ms` since its last poll. */
async function wait(ms: number) {
  await env.DB.prepare('UPDATE device_authorizations SET last_polled_at = last_polled_at - ?')
    .bind(ms)
    .run();
}

/** As if the authorization's 10 minutes were over. */
async function expireAll() {
  await env.DB.prepare('UPDATE device_authorizations SET expires_at = ?')
    .bind(Date.now() - 1)
    .run();
}

const pairing = (jar: Jar, action: 'lookup' | 'approve' | 'refuse', userCode: string) =>
  call(jar, `/api/pairing/${action}`, { method: 'POST', body: { userCode } });

const errorCode = async (response: Response) =>
  ((await response.json()) as { error: { code: string } }).error.code;

async function signedIn() {
  const holder = await makeHolder();
  return { holder, jar: await loginWithPassword(holder) };
}

describe('device pairing (RFC 8628): the device side', () => {
  it('opens an authorization from the extension’s origin: an XXXX-XXXX user code, the verification page with the code in its fragment, 600 s to live, a 5 s interval', async () => {
    const started = await start();
    expect(started.user_code).toMatch(
      new RegExp(`^[${USER_CODE_ALPHABET}]{4}-[${USER_CODE_ALPHABET}]{4}$`),
    );
    expect(started.device_code).toMatch(/^pli_dc_[\w-]{43}$/);
    expect(started.verification_uri).toMatch(/\/appairer$/);
    expect(started.verification_uri_complete).toBe(
      `${started.verification_uri}#code=${started.user_code}`,
    );
    expect(started.expires_in).toBe(600);
    expect(started.interval).toBe(5);
  });

  it('stores neither the device code nor the user code, only their hashes', async () => {
    const started = await start();
    const row = await env.DB.prepare('SELECT * FROM device_authorizations').first();
    const stored = JSON.stringify(row);
    expect(stored).not.toContain(started.device_code);
    expect(stored).not.toContain(started.user_code.replace('-', ''));
    expect(stored).not.toContain(started.user_code);
  });

  it('refuses a device description outside the closed list, so the approval screen never shows a text of the device’s choosing', async () => {
    const response = await exports.default.fetch('http://pli.test/auth/device', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client: 'extension', browser: 'Chrome (validé par le support)' }),
    });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('invalid_request');
  });

  it('forbids opening more than 30 authorizations per IP in 15 minutes', async () => {
    const open = () =>
      exports.default.fetch('http://pli.test/auth/device', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': '203.0.113.9' },
        body: JSON.stringify({ client: 'extension', browser: 'Firefox' }),
      });
    for (let i = 0; i < 30; i++) expect((await open()).status).toBe(200);
    const refused = await open();
    expect(refused.status).toBe(429);
    expect(await errorCode(refused)).toBe('rate_limited');
  });

  it('answers authorization_pending while the person has not decided', async () => {
    const started = await start();
    const answer = await poll(started.device_code);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'authorization_pending' });
    expect(answer.body.error_description).toEqual(expect.any(String));
  });

  it('answers slow_down to a poll sooner than the interval, and adds 5 s to the interval for this and every later poll', async () => {
    const started = await start();
    expect((await poll(started.device_code)).body.error).toBe('authorization_pending');
    expect((await poll(started.device_code)).body).toMatchObject({
      error: 'slow_down',
      interval: 10,
    });
    // 6 s later: enough for the first interval, not for the new one.
    await wait(6_000);
    expect((await poll(started.device_code)).body).toMatchObject({
      error: 'slow_down',
      interval: 15,
    });
    await wait(15_000);
    expect((await poll(started.device_code)).body.error).toBe('authorization_pending');
  });

  it('answers invalid_grant to an unknown device code', async () => {
    await start();
    const answer = await poll('pli_dc_unknown');
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_grant');
  });

  it('answers unsupported_grant_type to another grant and invalid_request to a request without a device code', async () => {
    const started = await start();
    const other = await poll(started.device_code, 'authorization_code');
    expect(other.status).toBe(400);
    expect(other.body.error).toBe('unsupported_grant_type');
    const malformed = await exports.default.fetch('http://pli.test/auth/device/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `grant_type=${encodeURIComponent(DEVICE_CODE_GRANT_TYPE)}`,
    });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('forbids a token request that gives the device code twice (invalid_request)', async () => {
    const started = await start();
    const response = await exports.default.fetch('http://pli.test/auth/device/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([
        ['grant_type', DEVICE_CODE_GRANT_TYPE],
        ['device_code', started.device_code],
        ['device_code', 'pli_dc_other'],
      ]).toString(),
    });
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('answers expired_token once the 10 minutes are over, and the person can no longer approve the expired code', async () => {
    const { jar } = await signedIn();
    const started = await start();
    await expireAll();
    const answer = await poll(started.device_code);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('expired_token');
    const late = await pairing(jar, 'approve', started.user_code);
    expect(late.status).toBe(404);
    expect((await poll(started.device_code)).body.error).toBe('expired_token');
  });
});

describe('device pairing (RFC 8628): the person’s side and the token', () => {
  it('shows the person which device asks, then, once approved, gives the device a token listed as "Extension Pli — Chrome" that opens the person’s JMAP session', async () => {
    const { holder, jar } = await signedIn();
    const started = await start('Chrome');
    const lookup = await pairing(jar, 'lookup', started.user_code);
    expect(lookup.status).toBe(200);
    expect(await lookup.json()).toMatchObject({
      client: 'extension',
      browser: 'Chrome',
      label: 'Extension Pli — Chrome',
    });
    expect((await pairing(jar, 'approve', started.user_code)).status).toBe(200);

    const granted = await poll(started.device_code);
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ token_type: 'Bearer' });
    const token = granted.body.access_token as string;
    expect(token).toMatch(/^pli_dev_/);
    const session = await callAs({ token }, '/.well-known/jmap');
    expect(session.status).toBe(200);
    expect(await session.json()).toMatchObject({ username: holder.bal.address });

    const list = (await (await call(jar, '/api/devices')).json()) as {
      devices: { id: string; name: string }[];
    };
    expect(list.devices).toEqual([
      expect.objectContaining({ id: granted.body.device_id, name: 'Extension Pli — Chrome' }),
    ]);
  });

  it('a paired device revoked in the device list is refused on its next JMAP call', async () => {
    const { jar } = await signedIn();
    const started = await start('Firefox');
    await pairing(jar, 'approve', started.user_code);
    const granted = await poll(started.device_code);
    const token = granted.body.access_token as string;
    const revoked = await call(jar, `/api/devices/${granted.body.device_id}`, {
      method: 'DELETE',
    });
    expect(revoked.status).toBe(204);
    expect((await callAs({ token }, '/.well-known/jmap')).status).toBe(401);
  });

  it('a paired extension signing out revokes its own token: it no longer opens the JMAP session and leaves the device list', async () => {
    const { jar } = await signedIn();
    const started = await start();
    await pairing(jar, 'approve', started.user_code);
    const token = (await poll(started.device_code)).body.access_token as string;
    expect((await callAs({ token }, '/.well-known/jmap')).status).toBe(200);
    const revoke = await exports.default.fetch('http://pli.test/auth/device/revoke', {
      method: 'POST',
      headers: { Origin: EXTENSION_ORIGIN, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(revoke.status).toBe(200);
    expect((await callAs({ token }, '/.well-known/jmap')).status).toBe(401);
    const list = (await (await call(jar, '/api/devices')).json()) as { devices: unknown[] };
    expect(list.devices).toEqual([]);
  });

  it('forbids revoking a token by anything but the token itself: a device id or an unknown value revokes nothing (and says nothing)', async () => {
    const { jar } = await signedIn();
    const started = await start();
    await pairing(jar, 'approve', started.user_code);
    const granted = (await poll(started.device_code)).body;
    for (const value of [granted.device_id as string, 'pli_dev_unknown']) {
      const revoke = await exports.default.fetch('http://pli.test/auth/device/revoke', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token: value }).toString(),
      });
      expect(revoke.status).toBe(200);
    }
    const token = granted.access_token as string;
    expect((await callAs({ token }, '/.well-known/jmap')).status).toBe(200);
  });

  it('forbids the paired token from reaching session-only routes (devices, pairing, settings, /api/me)', async () => {
    const { jar } = await signedIn();
    const started = await start();
    await pairing(jar, 'approve', started.user_code);
    const token = (await poll(started.device_code)).body.access_token as string;
    const other = await start();
    for (const [path, method, body] of [
      ['/api/devices', 'GET', undefined],
      ['/api/devices', 'POST', { name: 'Derived' }],
      ['/api/pairing/lookup', 'POST', { userCode: other.user_code }],
      ['/api/pairing/approve', 'POST', { userCode: other.user_code }],
      ['/api/settings', 'GET', undefined],
      ['/api/me', 'GET', undefined],
    ] as const) {
      const response = await callAs({ token }, path, method, body);
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    expect((await poll(other.device_code)).body.error).toBe('authorization_pending');
  });

  it('spends an approved device code once: the second poll is invalid_grant and no second token exists', async () => {
    const { holder, jar } = await signedIn();
    const started = await start();
    await pairing(jar, 'approve', started.user_code);
    expect((await poll(started.device_code)).status).toBe(200);
    await wait(5_000);
    const again = await poll(started.device_code);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    const { n } = (await env.DB.prepare('SELECT COUNT(*) AS n FROM device_tokens WHERE id_nat = ?')
      .bind(holder.idNat)
      .first<{ n: number }>()) ?? { n: -1 };
    expect(n).toBe(1);
  });

  it('forbids concurrent polls of an approved code from getting two tokens', async () => {
    const { jar } = await signedIn();
    const started = await start();
    await pairing(jar, 'approve', started.user_code);
    const answers = await Promise.all(Array.from({ length: 5 }, () => poll(started.device_code)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(await env.DB.prepare('SELECT COUNT(*) AS n FROM device_tokens').first('n')).toBe(1);
  });

  it('refused by the person: the device gets access_denied and no token', async () => {
    const { jar } = await signedIn();
    const started = await start();
    expect((await pairing(jar, 'refuse', started.user_code)).status).toBe(200);
    const answer = await poll(started.device_code);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('access_denied');
    expect(await env.DB.prepare('SELECT 1 FROM device_tokens').first()).toBeNull();
  });

  it('decides a user code once: after a refusal, approving it finds nothing', async () => {
    const { jar } = await signedIn();
    const started = await start();
    await pairing(jar, 'refuse', started.user_code);
    const approve = await pairing(jar, 'approve', started.user_code);
    expect(approve.status).toBe(404);
    expect(await errorCode(approve)).toBe('not_found');
    expect((await poll(started.device_code)).body.error).toBe('access_denied');
  });

  it('takes the user code as typed: lower case, without the dash, with spaces', async () => {
    const { jar } = await signedIn();
    const started = await start();
    const typed = ` ${started.user_code.toLowerCase().replace('-', ' ')} `;
    expect((await pairing(jar, 'lookup', typed)).status).toBe(200);
  });

  it('forbids more than 10 wrong user codes in 15 minutes: then even the right one is refused (rate_limited)', async () => {
    const { jar } = await signedIn();
    const started = await start();
    for (let i = 0; i < PAIRING_LIMIT.max; i++) {
      expect((await pairing(jar, 'lookup', 'BBBB-BBBB')).status).toBe(404);
    }
    const locked = await pairing(jar, 'approve', started.user_code);
    expect(locked.status).toBe(429);
    expect(await errorCode(locked)).toBe('rate_limited');
    expect((await poll(started.device_code)).body.error).toBe('authorization_pending');
  });

  it('forbids approving a device without the CSRF token', async () => {
    const { jar } = await signedIn();
    const started = await start();
    const forged = await exports.default.fetch('http://pli.test/api/pairing/approve', {
      method: 'POST',
      headers: {
        Origin: 'http://pli.test',
        Cookie: jar.header(),
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ userCode: started.user_code }),
    });
    expect(forged.status).toBe(403);
    expect(await errorCode(forged)).toBe('csrf_rejected');
    expect((await poll(started.device_code)).body.error).toBe('authorization_pending');
  });

  it('forbids approving a device from another origin, even with the CSRF token', async () => {
    const { jar } = await signedIn();
    const started = await start();
    const forged = await call(jar, '/api/pairing/approve', {
      method: 'POST',
      body: { userCode: started.user_code },
      headers: { Origin: 'https://evil.example' },
    });
    expect(forged.status).toBe(403);
    expect((await poll(started.device_code)).body.error).toBe('authorization_pending');
  });

  it('refuses the pairing API without a session', async () => {
    const started = await start();
    const response = await exports.default.fetch('http://pli.test/api/pairing/approve', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ userCode: started.user_code }),
    });
    expect(response.status).toBe(401);
  });

  it('traces the approval and the token handed out, without any code', async () => {
    const { holder, jar } = await signedIn();
    const started = await start();
    await pairing(jar, 'approve', started.user_code);
    await poll(started.device_code);
    const { results } = await env.DB.prepare(
      "SELECT kind, actor_id_nat, bal_id, channel, detail FROM traces WHERE kind IN ('pairing_approved', 'token_created') ORDER BY id",
    ).all<{ kind: string; detail: string }>();
    expect(results.map((r) => r.kind)).toEqual(['pairing_approved', 'token_created']);
    expect(results[1]).toMatchObject({
      actor_id_nat: holder.idNat,
      bal_id: holder.bal.id,
      channel: 'device_flow',
    });
    expect(JSON.stringify(results)).not.toContain(started.device_code);
    expect(JSON.stringify(results)).not.toContain(started.user_code);
  });
});
