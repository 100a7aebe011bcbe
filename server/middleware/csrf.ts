import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { CSRF_COOKIE, LOGIN_COOKIE } from '../auth/cookies.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { config } from '../config.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function equal(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/**
 * CSRF protection of every non-GET request, app-wide:
 * - a browser request (it carries `Origin` or `Sec-Fetch-Site`) from another origin is
 *   refused, cookies or not (this also stops login CSRF);
 * - a browser request that carries Pli's session or login cookie must echo the `pli_csrf`
 *   cookie in `X-CSRF-Token` (double submit);
 * - bearer-token requests are exempt (a browser cannot add that header cross-site without
 *   a preflight Pli never grants).
 * `app.ts` mounts the routes authenticated otherwise (`/inbound`, signed by HMAC; `/dev`,
 * loopback tooling) before this middleware, and every other route after it.
 */
export const csrf = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next();
  if (/^Bearer\s/i.test(c.req.header('Authorization') ?? '')) return next();
  const origin = c.req.header('Origin');
  const site = c.req.header('Sec-Fetch-Site');
  const allowed = new Set([new URL(c.req.url).origin, new URL(config(c.env).publicUrl).origin]);
  if (origin !== undefined && !allowed.has(origin)) {
    throw new ApiError('csrf_rejected', 'Cross-origin request refused.');
  }
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw new ApiError('csrf_rejected', 'Cross-site request refused.');
  }
  const cookieAuth = getCookie(c, SESSION_COOKIE) ?? getCookie(c, LOGIN_COOKIE);
  if (cookieAuth && (origin !== undefined || site !== undefined)) {
    const cookie = getCookie(c, CSRF_COOKIE);
    const header = c.req.header('X-CSRF-Token');
    if (!cookie || !header || !equal(cookie, header)) {
      throw new ApiError('csrf_rejected', 'Missing or wrong CSRF token.');
    }
  }
  return next();
});
