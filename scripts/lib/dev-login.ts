import type { DevOutbox } from '../../shared/dev-outbox.ts';
import type { DevAccounts } from '../../shared/identity.ts';

/**
 * Logs a demo person in on a development Pli (address + password, then the one-time code
 * read from the dev outbox) and creates a device token for them. Used by the end-to-end
 * tests and the bench, as a practice software or JMAP client would be set up. The token
 * reaches mail only; `cookie` and `csrf` are the session's, for the person-only routes.
 */
export async function demoDeviceToken(
  baseUrl: string,
  idNat: string,
  deviceName: string,
): Promise<{ token: string; address: string; cookie: string; csrf: string }> {
  const { accounts } = (await (await fetch(`${baseUrl}/dev/accounts`)).json()) as DevAccounts;
  const account = accounts.find((a) => a.idNat === idNat);
  if (!account?.address || !account.password) throw new Error(`no demo account ${idNat}`);
  const cookies = new Map<string, string>();
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
      body: JSON.stringify(body),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return response.status === 204 ? null : response.json();
  };
  const newest = async () =>
    ((await (await fetch(`${baseUrl}/dev/outbox?limit=1`)).json()) as DevOutbox).items[0];
  const before = (await newest())?.id ?? 0;
  await post('/auth/login', { address: account.address, password: account.password });
  await post('/auth/otp/send', { channel: 'email' });
  const item = await newest();
  const code = item && item.id > before ? item.body.match(/\b(\d{6})\b/)?.[1] : undefined;
  if (!code) throw new Error('no one-time code in the dev outbox');
  await post('/auth/otp/verify', { code });
  const created = (await post('/api/devices', { name: deviceName })) as { token: string };
  return {
    token: created.token,
    address: account.address,
    cookie: [...cookies]
      .filter(([, v]) => v !== '')
      .map(([k, v]) => `${k}=${v}`)
      .join('; '),
    csrf: cookies.get('pli_csrf') ?? '',
  };
}
