import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Me } from '../../shared/identity.ts';
import { BEFORE_CGU, requireAuth } from '../auth/authenticate.ts';
import { readCredentials } from '../auth/credentials.ts';
import { readPerson } from '../auth/persons.ts';
import { readSession, SESSION_COOKIE } from '../auth/sessions.ts';
import { cguStatus } from '../cgu/cgu.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { listAccessibleBals } from '../storage/bals.ts';

/**
 * `GET /api/me`: who is calling, the BALs they may work in (own, then delegated) and their
 * CGU status, in one answer.
 */
export const meRoutes = new Hono<AppEnv>().get('/', requireAuth(BEFORE_CGU), async (c) => {
  const auth = c.get('auth');
  const person = await readPerson(c.env.DB, auth.idNat);
  if (!person) throw new ApiError('unauthenticated', 'Unknown person.');
  const [bals, credentials, cgu] = await Promise.all([
    listAccessibleBals(c.env.DB, auth.idNat),
    readCredentials(c.env.DB, auth.idNat),
    cguStatus(c.env.DB, auth.idNat),
  ]);
  let loginMethod: Me['loginMethod'] = null;
  if (auth.via === 'session') {
    const cookie = getCookie(c, SESSION_COOKIE);
    loginMethod = cookie ? ((await readSession(c.env.DB, cookie))?.method ?? null) : null;
  }
  const body: Me = {
    ...person,
    via: auth.via,
    loginMethod,
    bals: bals.map((bal) => ({
      id: bal.id,
      address: bal.address,
      displayName: bal.displayName,
      role: bal.role,
      holderIdNat: bal.holderIdNat,
    })),
    needsOnboarding: person.kind === 'practitioner' && !bals.some((bal) => bal.role === 'holder'),
    hasPassword: credentials.password !== null,
    hasTotp: credentials.totpSecret !== null,
    cgu,
  };
  return c.json(body);
});
