import { env, exports } from 'cloudflare:workers';
import { storeVerifiedEmail } from '../../../server/auth/contacts.ts';
import { storePassword } from '../../../server/auth/credentials.ts';
import { hashPassword } from '../../../server/auth/passwords.ts';
import { makeBal, makePerson } from './factories.ts';

/** A holder with a BAL, a password and a verified personal email. */
export async function makeHolder(password = 'correct horse battery staple 42') {
  const person = await makePerson();
  const bal = await makeBal(person.idNat);
  await storePassword(env.DB, person.idNat, await hashPassword(password));
  const email = `perso.${person.idNat}@example.org`;
  await storeVerifiedEmail(env.DB, person.idNat, email);
  return { ...person, bal, password, email };
}

/** A tiny cookie jar over `Set-Cookie`, for black-box calls. */
export class Jar {
  readonly cookies = new Map<string, string>();
  take(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

const ORIGIN = 'http://pli.test';

/** A same-origin browser-like call through the Worker, with the jar's cookies and CSRF token. */
export async function call(
  jar: Jar,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { Origin: ORIGIN, ...init.headers };
  if (jar.cookies.size) headers.Cookie = jar.header();
  const csrf = jar.cookies.get('pli_csrf');
  if (csrf && (init.method ?? 'GET') !== 'GET') headers['X-CSRF-Token'] = csrf;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await exports.default.fetch(`${ORIGIN}${path}`, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return jar.take(response);
}

/** The last one-time code written to the dev outbox for a recipient. */
export async function lastCode(to: string): Promise<string> {
  const row = await env.DB.prepare(
    'SELECT body FROM dev_outbox WHERE recipient = ? ORDER BY id DESC LIMIT 1',
  )
    .bind(to)
    .first<{ body: string }>();
  const code = row?.body.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error('no code in the outbox');
  return code;
}

/** Logs a holder in with password + email code; returns the jar holding the session. */
export async function loginWithPassword(holder: {
  bal: { address: string };
  password: string;
  email: string;
}) {
  const jar = new Jar();
  const start = await call(jar, '/auth/login', {
    method: 'POST',
    body: { address: holder.bal.address, password: holder.password },
  });
  if (start.status !== 200) throw new Error(`login: ${start.status}`);
  await call(jar, '/auth/otp/send', { method: 'POST', body: { channel: 'email' } });
  const verify = await call(jar, '/auth/otp/verify', {
    method: 'POST',
    body: { code: await lastCode(holder.email) },
  });
  if (verify.status !== 200) throw new Error(`verify: ${verify.status}`);
  return jar;
}
