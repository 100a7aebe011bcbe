import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { bearerToken, makePerson, sessionCookie } from '../support/factories.ts';

function post(path: string, headers: Record<string, string>) {
  return exports.default.fetch(`http://pli.test${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ name: 'Test' }),
  });
}

async function code(response: Response) {
  return ((await response.json()) as { error?: { code: string } }).error?.code;
}

describe('CSRF protection', () => {
  it('refuses a cookie-authenticated browser write without the CSRF token', async () => {
    const person = await makePerson();
    const cookie = await sessionCookie(person.idNat);
    const response = await post('/api/devices', { Cookie: cookie, Origin: 'http://pli.test' });
    expect(response.status).toBe(403);
    expect(await code(response)).toBe('csrf_rejected');
  });

  it('refuses a wrong CSRF token', async () => {
    const person = await makePerson();
    const cookie = `${await sessionCookie(person.idNat)}; pli_csrf=right`;
    const response = await post('/api/devices', {
      Cookie: cookie,
      Origin: 'http://pli.test',
      'X-CSRF-Token': 'wrong',
    });
    expect(response.status).toBe(403);
  });

  it('accepts the double-submitted token from the same origin', async () => {
    const person = await makePerson();
    const cookie = `${await sessionCookie(person.idNat)}; pli_csrf=tok`;
    const response = await post('/api/devices', {
      Cookie: cookie,
      Origin: 'http://pli.test',
      'Sec-Fetch-Site': 'same-origin',
      'X-CSRF-Token': 'tok',
    });
    expect(response.status).toBe(201);
  });

  it('refuses a write from another origin, even with the token', async () => {
    const person = await makePerson();
    const cookie = `${await sessionCookie(person.idNat)}; pli_csrf=tok`;
    const response = await post('/api/devices', {
      Cookie: cookie,
      Origin: 'https://evil.example',
      'X-CSRF-Token': 'tok',
    });
    expect(response.status).toBe(403);
  });

  it('refuses a cross-site login attempt (login CSRF)', async () => {
    const response = await exports.default.fetch('http://pli.test/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'cross-site' },
      body: JSON.stringify({ address: 'a@b.fr', password: 'x' }),
    });
    expect(response.status).toBe(403);
  });

  it('exempts bearer-token requests', async () => {
    const person = await makePerson();
    const token = await bearerToken(person.idNat);
    const response = await exports.default.fetch('http://pli.test/jmap/api', {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        Origin: 'https://practice-software.example',
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ using: ['urn:ietf:params:jmap:core'], methodCalls: [] }),
    });
    expect(response.status).toBe(200);
  });
});
