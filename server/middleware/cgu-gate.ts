import { createMiddleware } from 'hono/factory';
import { requestAuth } from '../auth/authenticate.ts';
import { mustAcceptCgu } from '../cgu/cgu.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';

/** What a person may still reach before accepting new CGU: reading and accepting them. */
const OPEN_PATHS = [
  '/api/cgu',
  '/api/me',
  '/api/health',
  '/api/onboarding',
  '/api/banner',
  '/api/account/export',
];

/**
 * After a new CGU version is published, refuses (`cgu_required`) the API and JMAP requests
 * of a person who accepted an earlier version until they accept this one. Anonymous
 * requests pass (their route answers 401).
 */
export const cguGate = createMiddleware<AppEnv>(async (c, next) => {
  const path = new URL(c.req.url).pathname;
  if (OPEN_PATHS.some((p) => path === p || path.startsWith(`${p}/`))) return next();
  // The same options as the route's requireAuth, so both share one lookup.
  const auth = await requestAuth(c, { allowQueryToken: path === '/jmap/eventsource' });
  if (auth && (await mustAcceptCgu(c.env.DB, auth.idNat))) {
    throw new ApiError('cgu_required', 'The current terms of use must be accepted.');
  }
  return next();
});
