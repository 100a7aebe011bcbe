import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
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

/** Refuses the request with 401 unless a live session or device token identifies the caller. */
export function requireAuth(options: { allowQueryToken?: boolean } = {}) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const auth = await resolveAuth(c, options);
    if (!auth) throw new ApiError('unauthenticated', 'Authentication required.');
    c.set('auth', auth);
    await next();
  });
}
