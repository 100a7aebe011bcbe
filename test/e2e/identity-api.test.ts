import { describe, expect, inject, it } from 'vitest';
import type { DevOutbox } from '../../shared/dev-outbox.ts';
import type { DevAccounts } from '../../shared/identity.ts';

const baseUrl = inject('baseUrl');

/** A non-browser client of the identity contract: plain fetch, cookies kept by hand. */
class Client {
  readonly cookies = new Map<string, string>();
  async call(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
    const headers: Record<string, string> = {};
    if (this.cookies.size) {
      headers.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    if (init.token) headers.Authorization = `Bearer ${init.token}`;
    if (init.body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      redirect: 'manual',
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const value = pair.slice(eq + 1);
      if (value) this.cookies.set(pair.slice(0, eq), value);
      else this.cookies.delete(pair.slice(0, eq));
    }
    return response;
  }
}

async function codeFor(to: string): Promise<string> {
  const { items } = (await (
    await fetch(`${baseUrl}/dev/outbox?to=${encodeURIComponent(to)}&limit=1`)
  ).json()) as DevOutbox;
  const code = items[0]?.body.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code for ${to}`);
  return code;
}

describe('the identity contract for outside clients', () => {
  it('logs in with address, password and code; a device token works until revoked', async () => {
    const { accounts } = (await (await fetch(`${baseUrl}/dev/accounts`)).json()) as DevAccounts;
    const elodie = accounts.find((a) => a.idNat === '810100010031');
    if (!elodie?.address || !elodie.password) throw new Error('no demo holder');
    const client = new Client();

    const login = await client.call('/auth/login', {
      method: 'POST',
      body: { address: elodie.address, password: elodie.password },
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { otpChannels: string[] }).otpChannels).toContain('email');
    const send = await client.call('/auth/otp/send', {
      method: 'POST',
      body: { channel: 'email' },
    });
    expect(send.status).toBe(204);
    const verify = await client.call('/auth/otp/verify', {
      method: 'POST',
      body: { code: await codeFor('elodie.rousseau@example.org') },
    });
    expect(verify.status).toBe(200);
    expect(client.cookies.has('pli_session')).toBe(true);

    const me = (await (await client.call('/api/me')).json()) as {
      idNat: string;
      bals: { address: string; role: string }[];
    };
    expect(me.idNat).toBe('810100010031');
    expect(me.bals[0]).toMatchObject({ address: elodie.address, role: 'holder' });

    const created = await client.call('/api/devices', { method: 'POST', body: { name: 'Script' } });
    expect(created.status).toBe(201);
    const { id, token } = (await created.json()) as { id: string; token: string };
    const anonymous = new Client();
    expect((await anonymous.call('/.well-known/jmap', { token })).status).toBe(200);
    expect((await anonymous.call('/api/me', { token })).status).toBe(403);
    const listed = (await (await client.call('/api/devices')).json()) as {
      devices: { id: string }[];
    };
    expect(listed.devices.map((d) => d.id)).toContain(id);
    expect((await client.call(`/api/devices/${id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await anonymous.call('/.well-known/jmap', { token })).status).toBe(401);
  });

  it('redirects GET /auth/psc/login to the provider, forwarding login_hint, with PKCE and eidas1', async () => {
    const response = await new Client().call('/auth/psc/login?login_hint=810100020022');
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('Location') ?? '');
    expect(location.hostname).toBe('localhost');
    expect(location.pathname).toBe('/auth/realms/esante-wallet/protocol/openid-connect/auth');
    expect(Object.fromEntries(location.searchParams)).toMatchObject({
      login_hint: '810100020022',
      scope: 'openid scope_all',
      acr_values: 'eidas1',
      code_challenge_method: 'S256',
      response_type: 'code',
    });
  });
});
