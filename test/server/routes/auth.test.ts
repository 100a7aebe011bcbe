import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { storeMobile } from '../../../server/auth/contacts.ts';
import { activateTotp, storePendingTotp } from '../../../server/auth/credentials.ts';
import { newTotpSecret, totpCode } from '../../../server/auth/totp.ts';
import { call, Jar, lastCode, loginWithPassword, makeHolder } from '../support/identity.ts';

async function login(jar: Jar, address: string, password: string) {
  return call(jar, '/auth/login', { method: 'POST', body: { address, password } });
}

describe('POST /auth/login', () => {
  it('answers the code channels for a right password, with masked targets', async () => {
    const holder = await makeHolder();
    await storeMobile(env.DB, holder.idNat, '0612345678');
    const response = await login(new Jar(), holder.bal.address, holder.password);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { otpChannels: string[]; targets: { email: string } };
    expect(body.otpChannels).toEqual(['email', 'sms']);
    expect(body.targets.email).toBe(`p•••@example.org`);
  });

  it('gives the same answer for a wrong password and an unknown address', async () => {
    const holder = await makeHolder();
    const wrong = await login(new Jar(), holder.bal.address, 'not the password at all');
    const unknown = await login(new Jar(), 'nobody@medecin.pli.mssante.fr', holder.password);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const codes = [wrong, unknown].map(
      async (r) => ((await r.json()) as { error: { code: string } }).error.code,
    );
    expect(await Promise.all(codes)).toEqual(['invalid_credentials', 'invalid_credentials']);
  });

  it('locks a login for 15 minutes after 5 wrong passwords, even with the right one', async () => {
    const holder = await makeHolder();
    for (let i = 0; i < 5; i += 1)
      await login(new Jar(), holder.bal.address, `wrong password ${i}`);
    const right = await login(new Jar(), holder.bal.address, holder.password);
    expect(right.status).toBe(429);
  });

  it('locks an unknown address exactly like a known one', async () => {
    for (let i = 0; i < 5; i += 1)
      await login(new Jar(), 'ghost@medecin.pli.mssante.fr', `guess ${i}`);
    expect((await login(new Jar(), 'ghost@medecin.pli.mssante.fr', 'guess 6')).status).toBe(429);
  });
});

describe('the one-time code', () => {
  it('logs in with the emailed code and sets an HttpOnly Secure Strict session cookie', async () => {
    const holder = await makeHolder();
    const jar = new Jar();
    await login(jar, holder.bal.address, holder.password);
    expect(
      (await call(jar, '/auth/otp/send', { method: 'POST', body: { channel: 'email' } })).status,
    ).toBe(204);
    const verify = await call(jar, '/auth/otp/verify', {
      method: 'POST',
      body: { code: await lastCode(holder.email) },
    });
    expect(verify.status).toBe(200);
    const cookie = verify.headers.getSetCookie().find((c) => c.startsWith('pli_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/Secure/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const me = await call(jar, '/api/me');
    expect(((await me.json()) as { idNat: string }).idNat).toBe(holder.idNat);
  });

  it('sends the code by SMS to the mobile', async () => {
    const holder = await makeHolder();
    await storeMobile(env.DB, holder.idNat, '0612345678');
    const jar = new Jar();
    await login(jar, holder.bal.address, holder.password);
    await call(jar, '/auth/otp/send', { method: 'POST', body: { channel: 'sms' } });
    const code = await lastCode('0612345678');
    expect((await call(jar, '/auth/otp/verify', { method: 'POST', body: { code } })).status).toBe(
      200,
    );
  });

  it('refuses a code used twice', async () => {
    const holder = await makeHolder();
    const jar = new Jar();
    await login(jar, holder.bal.address, holder.password);
    await call(jar, '/auth/otp/send', { method: 'POST', body: { channel: 'email' } });
    const code = await lastCode(holder.email);
    const replay = new Jar();
    for (const name of ['pli_login', 'pli_csrf'])
      replay.cookies.set(name, jar.cookies.get(name) ?? '');
    await call(jar, '/auth/otp/verify', { method: 'POST', body: { code } });
    const again = await call(replay, '/auth/otp/verify', { method: 'POST', body: { code } });
    expect(again.status).toBe(401);
  });

  it('refuses an expired code', async () => {
    const holder = await makeHolder();
    const jar = new Jar();
    await login(jar, holder.bal.address, holder.password);
    await call(jar, '/auth/otp/send', { method: 'POST', body: { channel: 'email' } });
    await env.DB.prepare('UPDATE login_challenges SET code_expires_at = ?')
      .bind(Date.now() - 1)
      .run();
    const response = await call(jar, '/auth/otp/verify', {
      method: 'POST',
      body: { code: await lastCode(holder.email) },
    });
    expect(response.status).toBe(401);
  });

  it('locks the login after 5 wrong codes: the right code is then refused too', async () => {
    const holder = await makeHolder();
    const jar = new Jar();
    await login(jar, holder.bal.address, holder.password);
    await call(jar, '/auth/otp/send', { method: 'POST', body: { channel: 'email' } });
    const code = await lastCode(holder.email);
    const wrong = code === '000000' ? '111111' : '000000';
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      statuses.push(
        (await call(jar, '/auth/otp/verify', { method: 'POST', body: { code: wrong } })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    expect(
      (await call(jar, '/auth/otp/verify', { method: 'POST', body: { code } })).status,
    ).not.toBe(200);
    expect((await login(new Jar(), holder.bal.address, holder.password)).status).toBe(429);
  });

  it('refuses the code step without the password step', async () => {
    const response = await call(new Jar(), '/auth/otp/verify', {
      method: 'POST',
      body: { code: '123456' },
    });
    expect(response.status).toBe(401);
  });

  it('accepts a TOTP code once, never twice', async () => {
    const holder = await makeHolder();
    const { secret } = newTotpSecret(holder.idNat);
    await storePendingTotp(env.DB, holder.idNat, secret, env.CREDENTIALS_KEY);
    await activateTotp(env.DB, holder.idNat, 0);
    const jar = new Jar();
    const start = (await (await login(jar, holder.bal.address, holder.password)).json()) as {
      otpChannels: string[];
    };
    expect(start.otpChannels).toContain('totp');
    const code = totpCode(secret);
    expect((await call(jar, '/auth/otp/verify', { method: 'POST', body: { code } })).status).toBe(
      200,
    );
    const again = new Jar();
    await login(again, holder.bal.address, holder.password);
    expect((await call(again, '/auth/otp/verify', { method: 'POST', body: { code } })).status).toBe(
      401,
    );
  });

  it('traces the login, the code sent and the failures, without the code', async () => {
    const holder = await makeHolder();
    await login(new Jar(), holder.bal.address, 'a wrong password here');
    await loginWithPassword(holder);
    const { results } = await env.DB.prepare(
      'SELECT kind, actor_id_nat, bal_id, detail FROM traces ORDER BY id',
    ).all<{ kind: string; actor_id_nat: string; bal_id: string; detail: string }>();
    expect(results.map((r) => r.kind)).toEqual(['login_failed', 'otp_sent', 'login']);
    expect(
      results.every((r) => r.actor_id_nat === holder.idNat && r.bal_id === holder.bal.id),
    ).toBe(true);
    expect(results.map((r) => r.detail)).toEqual(['password', 'email', 'password_otp']);
  });
});

describe('sessions', () => {
  it('a login as another idNat ends the previous session and keeps nothing of it', async () => {
    const first = await makeHolder();
    const second = await makeHolder();
    const jar = await loginWithPassword(first);
    const firstSession = jar.cookies.get('pli_session');
    const firstCsrf = jar.cookies.get('pli_csrf');
    await call(jar, '/auth/login', {
      method: 'POST',
      body: { address: second.bal.address, password: second.password },
    });
    await call(jar, '/auth/otp/send', { method: 'POST', body: { channel: 'email' } });
    await call(jar, '/auth/otp/verify', {
      method: 'POST',
      body: { code: await lastCode(second.email) },
    });
    expect(jar.cookies.get('pli_session')).not.toBe(firstSession);
    expect(jar.cookies.get('pli_csrf')).not.toBe(firstCsrf);
    const me = (await (await call(jar, '/api/me')).json()) as { idNat: string };
    expect(me.idNat).toBe(second.idNat);
    const old = new Jar();
    old.cookies.set('pli_session', firstSession ?? '');
    expect((await call(old, '/api/me')).status).toBe(401);
  });

  it('logs out: the session is over and the cookies are cleared', async () => {
    const holder = await makeHolder();
    const jar = await loginWithPassword(holder);
    const session = jar.cookies.get('pli_session');
    const response = await call(jar, '/auth/logout', { method: 'POST' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { redirectTo: string }).redirectTo).toBe('/');
    expect(jar.cookies.has('pli_session')).toBe(false);
    const old = new Jar();
    old.cookies.set('pli_session', session ?? '');
    expect((await call(old, '/api/me')).status).toBe(401);
  });

  it('logs out everywhere: every session of the person ends', async () => {
    const holder = await makeHolder();
    const laptop = await loginWithPassword(holder);
    const phone = await loginWithPassword(holder);
    expect((await call(laptop, '/auth/logout-all', { method: 'POST' })).status).toBe(200);
    expect((await call(phone, '/api/me')).status).toBe(401);
  });
});

describe('the login identifier', () => {
  it('is a BAL address or a verified personal email, never an email shared by two people', async () => {
    const holder = await makeHolder();
    const byEmail = await call(new Jar(), '/auth/login', {
      method: 'POST',
      body: { address: holder.email, password: holder.password },
    });
    expect(byEmail.status).toBe(200);
    const other = await makeHolder();
    await env.DB.prepare('UPDATE person_contacts SET external_email = ? WHERE id_nat = ?')
      .bind(holder.email, other.idNat)
      .run();
    const ambiguous = await call(new Jar(), '/auth/login', {
      method: 'POST',
      body: { address: holder.email, password: holder.password },
    });
    expect(ambiguous.status).toBe(401);
  });
});
