import { forgetAccess } from './access-cache.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** Idle timeout: a session unused for 30 minutes is over. */
export const SESSION_IDLE_MS = 30 * 60 * 1000;
/** Absolute timeout: no session lives more than 12 hours. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
/** The session cookie (HttpOnly, Secure, SameSite=Strict, Path=/). */
export const SESSION_COOKIE = 'pli_session';

export type LoginMethod = 'psc' | 'password_otp' | 'totp';

export interface SessionRecord {
  idHash: string;
  idNat: string;
  method: LoginMethod;
  createdAt: number;
  lastSeenAt: number;
  idToken: string | null;
}

interface SessionRow {
  id_hash: string;
  id_nat: string;
  method: LoginMethod;
  created_at: number;
  last_seen_at: number;
  id_token: string | null;
}

/**
 * Opens a new session for a person and returns the cookie value (shown once). Every login
 * gets a new id; nothing of any earlier session is reused.
 */
export async function createSession(
  db: D1Database,
  input: { idNat: string; method: LoginMethod; idToken?: string | null; userAgent?: string | null },
  now = Date.now(),
): Promise<string> {
  const id = newSecret();
  await db
    .prepare(
      'INSERT INTO sessions (id_hash, id_nat, method, created_at, last_seen_at, id_token, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?)',
    )
    .bind(
      await hashSecret(id),
      input.idNat,
      input.method,
      now,
      now,
      input.idToken ?? null,
      input.userAgent?.slice(0, 200) ?? null,
    )
    .run();
  return id;
}

/**
 * The live session for a cookie value, touched (idle timer restarted), or null when it is
 * unknown or timed out (an expired record is deleted).
 */
export async function readSession(
  db: D1Database,
  id: string,
  now = Date.now(),
): Promise<SessionRecord | null> {
  const idHash = await hashSecret(id);
  const row = await db
    .prepare('SELECT * FROM sessions WHERE id_hash = ?')
    .bind(idHash)
    .first<SessionRow>();
  if (!row) return null;
  if (now - row.last_seen_at > SESSION_IDLE_MS || now - row.created_at > SESSION_ABSOLUTE_MS) {
    await db.prepare('DELETE FROM sessions WHERE id_hash = ?').bind(idHash).run();
    return null;
  }
  // Touch at most once a minute, to spare writes.
  if (now - row.last_seen_at > 60_000) {
    await db
      .prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?')
      .bind(now, idHash)
      .run();
  }
  return {
    idHash,
    idNat: row.id_nat,
    method: row.method,
    createdAt: row.created_at,
    lastSeenAt: Math.max(row.last_seen_at, now),
    idToken: row.id_token,
  };
}

/** Ends one session. */
export async function deleteSession(db: D1Database, idHash: string): Promise<void> {
  await db.prepare('DELETE FROM sessions WHERE id_hash = ?').bind(idHash).run();
  forgetAccess();
}

/** "Log out everywhere": ends every session of a person. */
export async function deleteAllSessions(db: D1Database, idNat: string): Promise<void> {
  await db.prepare('DELETE FROM sessions WHERE id_nat = ?').bind(idNat).run();
  forgetAccess();
}
