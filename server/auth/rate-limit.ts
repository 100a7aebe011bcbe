import { ApiError } from '../errors.ts';

/**
 * Failure counters of the login steps, in D1. A key (`addr:<address>`, `ip:<ip>`,
 * `send:<address>`...) that reaches its limit within the window is locked for the lock
 * time; a success clears it. Unknown addresses are counted exactly like known ones.
 */
export interface Limit {
  max: number;
  windowMs: number;
  lockMs: number;
}

/** 5 wrong passwords or codes on one login lock it for 15 minutes. */
export const LOGIN_LIMIT: Limit = { max: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
/** Per client IP: a wider budget, against spraying many addresses. */
export const IP_LIMIT: Limit = { max: 100, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
/** Codes sent per login: 5 per 15 minutes. */
export const SEND_LIMIT: Limit = { max: 5, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
/** PSC callbacks per client IP. */
export const PSC_LIMIT: Limit = { max: 60, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
/** Unknown or expired user codes entered by a person (device pairing): 10 per 15 minutes. */
export const PAIRING_LIMIT: Limit = { max: 10, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };
/** Device authorizations opened per client IP (`POST /auth/device`). */
export const DEVICE_START_LIMIT: Limit = { max: 30, windowMs: 15 * 60_000, lockMs: 15 * 60_000 };

interface Row {
  count: number;
  window_start: number;
  locked_until: number | null;
}

/** Throws `rate_limited` while a key is locked. */
export async function assertNotLocked(db: D1Database, key: string, now = Date.now()) {
  const row = await db
    .prepare('SELECT count, window_start, locked_until FROM rate_limits WHERE key = ?')
    .bind(key)
    .first<Row>();
  if (row?.locked_until && row.locked_until > now) {
    throw new ApiError('rate_limited', 'Too many attempts; try again later.');
  }
}

/**
 * Counts one event (a failure, or a code sent); locks the key when it reaches the limit.
 * One atomic UPSERT: concurrent attempts each add one, none is lost. A window older than
 * `windowMs` restarts at 1; a lock still running is never lifted by a new event.
 */
export async function countEvent(db: D1Database, key: string, limit: Limit, now = Date.now()) {
  const row = await db
    .prepare(
      `INSERT INTO rate_limits (key, count, window_start, locked_until)
       VALUES (?1, 1, ?2, CASE WHEN 1 >= ?3 THEN ?2 + ?4 END)
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN ?2 - window_start > ?5 THEN 1 ELSE count + 1 END,
         window_start = CASE WHEN ?2 - window_start > ?5 THEN ?2 ELSE window_start END,
         locked_until = CASE
           WHEN (CASE WHEN ?2 - window_start > ?5 THEN 1 ELSE count + 1 END) >= ?3 THEN ?2 + ?4
           WHEN locked_until > ?2 THEN locked_until
         END
       RETURNING count, locked_until`,
    )
    .bind(key, now, limit.max, limit.lockMs, limit.windowMs)
    .first<Pick<Row, 'count' | 'locked_until'>>();
  return { locked: row?.locked_until != null && row.locked_until > now };
}

/** Forgets a key's failures (after a success). */
export async function clearEvents(db: D1Database, key: string) {
  await db.prepare('DELETE FROM rate_limits WHERE key = ?').bind(key).run();
}

/** The caller's IP as Cloudflare reports it (`CF-Connecting-IP`), or `unknown`. */
export function clientIp(headers: { header(name: string): string | undefined }): string {
  return headers.header('CF-Connecting-IP') ?? 'unknown';
}
