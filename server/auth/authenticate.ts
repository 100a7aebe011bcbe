import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { sha256Hex } from '../bytes.ts';
import { mustAcceptCgu } from '../cgu/cgu.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { type AccessibleBal, listAccessibleBals } from '../storage/bals.ts';
import { type AccessEntry, accessGeneration, cachedAccess, keepAccess } from './access-cache.ts';
import { DEVICE_TOKEN_PREFIX, readDeviceToken } from './device-tokens.ts';
import { hashSecret } from './secrets.ts';
import { readSession, SESSION_COOKIE } from './sessions.ts';

/** Who is calling, as established by a session cookie or a device token. */
export type AuthContext =
  | { idNat: string; via: 'session'; sessionIdHash: string; idToken: string | null }
  | { idNat: string; via: 'token'; deviceId: string };

type Context = Parameters<Parameters<typeof createMiddleware<AppEnv>>[0]>[0];

function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

/** The credential a request carries: a device token or a session cookie value. */
function credentialOf(
  c: Context,
  options: { allowQueryToken?: boolean },
): { kind: 'token' | 'session'; secret: string } | null {
  const token =
    bearer(c.req.header('Authorization')) ??
    (options.allowQueryToken ? c.req.query('access_token') : undefined);
  if (token) return { kind: 'token', secret: token };
  const cookie = getCookie(c, SESSION_COOKIE);
  return cookie ? { kind: 'session', secret: cookie } : null;
}

/** A part of an entry read once; a failed read is not kept. */
function once<T>(entry: AccessEntry<AuthContext>, part: string, read: () => Promise<T>) {
  const cached = entry.parts.get(part) as Promise<T> | undefined;
  if (cached) return cached;
  const promise = read();
  entry.parts.set(part, promise);
  promise.catch(() => {
    if (entry.parts.get(part) === promise) entry.parts.delete(part);
  });
  return promise;
}

/**
 * The caller of a request with what they may reach, read from D1 at most once per
 * `ACCESS_TTL_MS` per credential (`access-cache.ts`): the person, the CGU gate, the BALs
 * they hold or are delegated, and the JMAP session state derived from them.
 */
export class Caller {
  constructor(
    readonly auth: AuthContext,
    private readonly db: D1Database,
    private readonly entry: AccessEntry<AuthContext>,
  ) {}

  /** Whether the person must accept the CGU in force before going on. */
  mustAcceptCgu(): Promise<boolean> {
    return once(this.entry, 'mustAcceptCgu', () => mustAcceptCgu(this.db, this.auth.idNat));
  }

  /** Every BAL the person may work in: their own first, then the delegated ones. */
  bals(): Promise<AccessibleBal[]> {
    return once(this.entry, 'bals', () => listAccessibleBals(this.db, this.auth.idNat));
  }

  /** The BAL if the person may work in it (holder or live delegation), else null. */
  async bal(balId: string): Promise<AccessibleBal | null> {
    return (await this.bals()).find((b) => b.id === balId) ?? null;
  }

  /**
   * The person as the `Sender` of mail they write as a delegate: their name, and the
   * address of their own BAL (else of the BAL they write in, `fallback`).
   */
  async delegateSender(fallback: string): Promise<{ name: string | null; email: string }> {
    const person = await once(this.entry, 'person', () =>
      this.db
        .prepare('SELECT given_name, family_name FROM persons WHERE id_nat = ?')
        .bind(this.auth.idNat)
        .first<{ given_name: string; family_name: string }>(),
    );
    const own = (await this.bals()).find((b) => b.role === 'holder');
    const name = person ? `${person.given_name} ${person.family_name}`.trim() : '';
    return { name: name || null, email: own?.address ?? fallback };
  }

  /** A short hash of the accounts the person sees: changes when a delegation comes or goes. */
  sessionState(): Promise<string> {
    return once(this.entry, 'sessionState', async () => {
      const text = (await this.bals()).map((b) => `${b.id}:${b.role}`).join(',');
      return (await sha256Hex(text)).slice(0, 16);
    });
  }
}

/**
 * The caller of a request through the access cache: a credential seen less than
 * `ACCESS_TTL_MS` ago in this isolate is not read again (nor is the CGU gate or the BAL
 * list). Unknown credentials are never cached.
 */
export async function resolveCaller(
  c: Context,
  options: { allowQueryToken?: boolean } = {},
): Promise<Caller | null> {
  const credential = credentialOf(c, options);
  if (!credential) return null;
  if (credential.kind === 'token' && !credential.secret.startsWith(DEVICE_TOKEN_PREFIX))
    return null;
  const key = `${credential.kind}:${await hashSecret(credential.secret)}`;
  const cached = cachedAccess<AuthContext>(key);
  if (cached) return new Caller(cached.auth, c.env.DB, cached);
  const readAt = Date.now();
  const readGeneration = accessGeneration();
  const auth = await resolveAuth(c, options);
  if (!auth) return null;
  const entry: AccessEntry<AuthContext> = { auth, parts: new Map() };
  keepAccess(key, entry, readAt, readGeneration);
  return new Caller(auth, c.env.DB, entry);
}

/**
 * Resolves the caller from `Authorization: Bearer <device token>` or the session cookie
 * (and, when `allowQueryToken` is set, `?access_token=` for EventSource, which cannot send
 * headers), reading D1 each time: a revoked token or an ended session is refused on its very
 * next use. Routes go through {@link resolveCaller} (cached up to `ACCESS_TTL_MS`).
 */
export async function resolveAuth(
  c: Context,
  options: { allowQueryToken?: boolean } = {},
): Promise<AuthContext | null> {
  const credential = credentialOf(c, options);
  if (!credential) return null;
  if (credential.kind === 'token') {
    if (!credential.secret.startsWith(DEVICE_TOKEN_PREFIX)) return null;
    const device = await readDeviceToken(c.env.DB, credential.secret);
    return device ? { idNat: device.idNat, via: 'token', deviceId: device.id } : null;
  }
  const session = await readSession(c.env.DB, credential.secret);
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
   * blob upload and download, push) and the directory's reads (search, favourites, recents:
   * a composer's recipients) do: a token never reaches what only the person should
   * (tokens, delegations, settings, account, history, credentials, changing favourites).
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
 * Refuses the request with 401 unless a live session or device token identifies the caller
 * (through the access cache: a revocation elsewhere takes effect within `ACCESS_TTL_MS`),
 * with 403 (`forbidden`) when a device token calls a route that is not open to tokens, and
 * with 403 (`cgu_required`) when the person has not accepted the CGU in force, unless the
 * route is reachable `beforeCgu`.
 */
export function requireAuth(options: RequireAuthOptions = {}) {
  const tokens = options.allow === 'token';
  return createMiddleware<AppEnv>(async (c, next) => {
    const caller = await resolveCaller(c, { allowQueryToken: options.allowQueryToken });
    if (!caller) throw new ApiError('unauthenticated', 'Authentication required.');
    const { auth } = caller;
    if (auth.via === 'token' && !tokens) {
      throw new ApiError('forbidden', 'A device token reaches mail only.');
    }
    if (!options.beforeCgu && (await caller.mustAcceptCgu())) {
      throw new ApiError('cgu_required', 'The current terms of use must be accepted.');
    }
    c.set('auth', auth);
    c.set('caller', caller);
    await next();
  });
}
