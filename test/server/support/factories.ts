import { env, exports } from 'cloudflare:workers';
import { forgetAccess } from '../../../server/auth/access-cache.ts';
import { createDeviceToken } from '../../../server/auth/device-tokens.ts';
import { createSession } from '../../../server/auth/sessions.ts';

let counter = 0;

/** A person in D1 (a médecin by default). */
export async function makePerson(
  overrides: Partial<{
    idNat: string;
    givenName: string;
    familyName: string;
    professionCode: string;
  }> = {},
) {
  counter += 1;
  const person = {
    idNat: overrides.idNat ?? `8100000${String(counter).padStart(5, '0')}`,
    givenName: overrides.givenName ?? 'Claire',
    familyName: overrides.familyName ?? `Martin${counter}`,
    professionCode: overrides.professionCode ?? '10',
  };
  const now = Date.now();
  await env.DB.prepare(
    'INSERT INTO persons (id_nat, given_name, family_name, profession_code, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  )
    .bind(person.idNat, person.givenName, person.familyName, person.professionCode, now, now)
    .run();
  return person;
}

/** A BAL held by a person. */
export async function makeBal(holderIdNat: string, address?: string, quotaBytes?: number) {
  counter += 1;
  const bal = {
    id: crypto.randomUUID(),
    address: address ?? `praticien${counter}@medecin.pli.mssante.fr`,
    holderIdNat,
  };
  await env.DB.prepare(
    'INSERT INTO bals (id, address, holder_id_nat, display_name, quota_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  )
    .bind(bal.id, bal.address, holderIdNat, bal.address, quotaBytes ?? 2 * 1024 ** 3, Date.now())
    .run();
  return bal;
}

/** A live delegation of a BAL to a delegate. */
export async function makeDelegation(balId: string, delegateIdNat: string, byIdNat: string) {
  const id = crypto.randomUUID();
  await env.DB.prepare(
    'INSERT INTO delegations (id, bal_id, delegate_id_nat, created_by_id_nat, created_at) VALUES (?, ?, ?, ?, ?)',
  )
    .bind(id, balId, delegateIdNat, byIdNat, Date.now())
    .run();
  forgetAccess(); // as createDelegation() does
  return id;
}

/** A session cookie header for a person. */
export async function sessionCookie(idNat: string): Promise<string> {
  const id = await createSession(env.DB, { idNat, method: 'psc' });
  return `pli_session=${id}`;
}

/** A device bearer token for a person. */
export async function bearerToken(idNat: string, name = 'Test'): Promise<string> {
  return (await createDeviceToken(env.DB, idNat, name)).token;
}

/** A JSON request to the worker as a caller: `{ token }` (a device token) or `{ session }`. */
export function callAs(
  caller: { token: string } | { session: string },
  path: string,
  method = 'GET',
  body?: unknown,
): Promise<Response> {
  const auth: Record<string, string> =
    'token' in caller ? { Authorization: `Bearer ${caller.token}` } : { Cookie: caller.session };
  return exports.default.fetch(`http://pli.test${path}`, {
    method,
    headers: { ...auth, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
