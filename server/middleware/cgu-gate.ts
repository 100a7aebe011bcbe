import { createMiddleware } from 'hono/factory';
import { resolveAuth } from '../auth/authenticate.ts';
import { cguStatus } from '../cgu/cgu.ts';
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
  const auth = await resolveAuth(c, { allowQueryToken: true });
  if (auth && (await cguStatus(c.env.DB, auth.idNat)).mustAccept) {
    throw new ApiError('cgu_required', 'The current terms of use must be accepted.');
  }
  return next();
});
