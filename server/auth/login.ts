import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../env.ts';
import { recordTrace } from '../storage/traces.ts';
import { clearAuthCookies, setSessionCookies } from './cookies.ts';
import { hashSecret } from './secrets.ts';
import { createSession, deleteSession, type LoginMethod, SESSION_COOKIE } from './sessions.ts';

/**
 * Opens a session after a successful login. Whatever session the browser held before (of
 * this person or of another idNat: a card swap) is ended first, and the new one gets a new
 * id and a new CSRF token: nothing of the previous session survives.
 */
export async function openSession(
  c: Context<AppEnv>,
  input: {
    idNat: string;
    method: LoginMethod;
    idToken?: string | null;
    /** A session known to be the browser's although its cookie was not sent (PSC callback). */
    previousSessionHash?: string | null;
  },
): Promise<void> {
  const previous = getCookie(c, SESSION_COOKIE);
  if (previous) await deleteSession(c.env.DB, await hashSecret(previous));
  if (input.previousSessionHash) await deleteSession(c.env.DB, input.previousSessionHash);
  clearAuthCookies(c);
  const id = await createSession(c.env.DB, {
    idNat: input.idNat,
    method: input.method,
    idToken: input.idToken ?? null,
    userAgent: c.req.header('User-Agent') ?? null,
  });
  setSessionCookies(c, id);
  await recordTrace(c.env.DB, {
    kind: 'login',
    actorIdNat: input.idNat,
    balId: await ownBalId(c.env.DB, input.idNat),
    channel: 'session',
    detail: input.method,
  });
}

/** The id of a person's own live BAL (for traces), or null. */
export async function ownBalId(db: D1Database, idNat: string | null): Promise<string | null> {
  if (!idNat) return null;
  const row = await db
    .prepare('SELECT id FROM bals WHERE holder_id_nat = ? AND deleted_at IS NULL LIMIT 1')
    .bind(idNat)
    .first<{ id: string }>();
  return row?.id ?? null;
}
