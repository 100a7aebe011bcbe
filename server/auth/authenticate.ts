import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { mustAcceptCgu } from '../cgu/cgu.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { DEVICE_TOKEN_PREFIX, readDeviceToken } from './device-tokens.ts';
import { readSession, SESSION_COOKIE } from './sessions.ts';

/** Who is calling, as established by a session cookie or a device token. */
export type AuthContext =
  | { idNat: string; via: 'session'; sessionIdHash: string; idToken: string | null }
  | { idNat: string; via: 'token'; deviceId: string };

function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/**
 * Resolves the caller from `Authorization: Bearer <device token>` or the session cookie
 * (and, when `allowQueryToken` is set, `?access_token=` for EventSource, which cannot send
 * headers). Every request re-reads the store, so a revoked token or an ended session is
 * refused on its very next use.
 */
export async function resolveAuth(
  c: Parameters<Parameters<typeof createMiddleware<AppEnv>>[0]>[0],
  options: { allowQueryToken?: boolean } = {},
): Promise<AuthContext | null> {
  const token =
    bearer(c.req.header('Authorization')) ??
    (options.allowQueryToken ? c.req.query('access_token') : undefined);
  if (token) {
    if (!token.startsWith(DEVICE_TOKEN_PREFIX)) return null;
    const device = await readDeviceToken(c.env.DB, token);
    return device ? { idNat: device.idNat, via: 'token', deviceId: device.id } : null;
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie) return null;
  const session = await readSession(c.env.DB, cookie);
  return session
    ? {
        idNat: session.idNat,
        via: 'session',
        sessionIdHash: session.idHash,
        idToken: session.idToken,
      }
    : null;
}

/** Who may call a route: only a person's session (the default), or a device token too. */
export interface RequireAuthOptions {
  /**
   * `'token'` opens the route to device tokens as well as sessions. Only mail routes (JMAP,
   * blob upload and download, push) do: a token never reaches what only the person should
   * (tokens, delegations, settings, account, history, credentials).
   */
  allow?: 'session' | 'token';
  /** Also read the token from `?access_token=` (EventSource cannot send headers). */
  allowQueryToken?: boolean;
  /**
   * Reachable before the person accepted the CGU in force: reading and accepting them, who
   * am I, onboarding, logging out and exporting one's data. Every other route refuses such
   * a person (`cgu_required`) until they accept, so a new route is gated unless it says so.
   */
  beforeCgu?: boolean;
}

/** The options of a route reachable before accepting the CGU in force. */
export const BEFORE_CGU: RequireAuthOptions = { beforeCgu: true };

/**
 * Refuses the request with 401 unless a live session or device token identifies the caller,
 * with 403 (`forbidden`) when a device token calls a route that is not open to tokens, and
 * with 403 (`cgu_required`) when the person has not accepted the CGU in force, unless the
 * route is reachable `beforeCgu`.
 */
export function requireAuth(options: RequireAuthOptions = {}) {
  const tokens = options.allow === 'token';
  return createMiddleware<AppEnv>(async (c, next) => {
    const auth = await resolveAuth(c, { allowQueryToken: options.allowQueryToken });
    if (!auth) throw new ApiError('unauthenticated', 'Authentication required.');
    if (auth.via === 'token' && !tokens) {
      throw new ApiError('forbidden', 'A device token reaches mail only.');
    }
    if (!options.beforeCgu && (await mustAcceptCgu(c.env.DB, auth.idNat))) {
      throw new ApiError('cgu_required', 'The current terms of use must be accepted.');
    }
    c.set('auth', auth);
    await next();
  });
}
