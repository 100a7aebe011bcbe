import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { openSecret } from '../../../server/auth/sealed-secrets.ts';
import { totpCode } from '../../../server/auth/totp.ts';
import { bearerToken } from '../support/factories.ts';
import { call, Jar, loginWithPassword, makeHolder } from '../support/identity.ts';

describe('credentials from the settings', () => {
  it('sets a new password that then logs in', async () => {
    const holder = await makeHolder();
    const jar = await loginWithPassword(holder);
    const response = await call(jar, '/api/credentials/password', {
      method: 'PUT',
      body: { password: 'Une-tisane-au-thym-2026' },
    });
    expect(response.status).toBe(204);
    const login = await call(new Jar(), '/auth/login', {
      method: 'POST',
      body: { address: holder.bal.address, password: 'Une-tisane-au-thym-2026' },
    });
    expect(login.status).toBe(200);
  });

  it('refuses a short or common password', async () => {
    const holder = await makeHolder();
    const jar = await loginWithPassword(holder);
    for (const password of ['court-2026', 'qwerty123456']) {
      const response = await call(jar, '/api/credentials/password', {
        method: 'PUT',
        body: { password },
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'password_rejected',
      );
    }
  });

  it('refuses a credential change with a device token', async () => {
    const holder = await makeHolder();
    const token = await bearerToken(holder.idNat);
    const response = await call(new Jar(), '/api/credentials/password', {
      method: 'PUT',
      body: { password: 'Une-tisane-au-thym-2026' },
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(403);
  });

  it('enables TOTP only after a right code from the new secret', async () => {
    const holder = await makeHolder();
    const jar = await loginWithPassword(holder);
    const { secret, uri } = (await (
      await call(jar, '/api/credentials/totp', { method: 'POST' })
    ).json()) as {
      secret: string;
      uri: string;
    };
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    const bad = totpCode(secret) === '000000' ? '111111' : '000000';
    const wrong = await call(jar, '/api/credentials/totp/enable', {
      method: 'POST',
      body: { code: bad },
    });
    expect(wrong.status).toBe(401);
    const right = await call(jar, '/api/credentials/totp/enable', {
      method: 'POST',
      body: { code: totpCode(secret) },
    });
    expect(right.status).toBe(204);
    const stored = await env.DB.prepare('SELECT totp_secret FROM credentials WHERE id_nat = ?')
      .bind(holder.idNat)
      .first<{ totp_secret: string }>();
    // Sealed at rest: the stored value never shows the secret, and opens only for its owner.
    expect(stored?.totp_secret).not.toContain(secret);
    expect(await openSecret(env.CREDENTIALS_KEY, holder.idNat, stored?.totp_secret ?? '')).toBe(
      secret,
    );
    await expect(
      openSecret(env.CREDENTIALS_KEY, '810100010023', stored?.totp_secret ?? ''),
    ).rejects.toThrow();
  });
});
