import { CODE_TTL_MS, hashCode } from './one-time-codes.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** The password step is good for 10 minutes: time to receive and type a code. */
export const CHALLENGE_TTL_MS = 10 * 60_000;

export interface Challenge {
  idHash: string;
  idNat: string;
  loginKey: string;
  codeChannel: string | null;
}

interface Row {
  id_hash: string;
  id_nat: string;
  login_key: string;
  expires_at: number;
  code_hash: string | null;
  code_channel: string | null;
  code_expires_at: number | null;
}

/** Opens the code step after a right password; returns the cookie value. */
export async function createChallenge(
  db: D1Database,
  idNat: string,
  loginKey: string,
  now = Date.now(),
): Promise<string> {
  const id = newSecret();
  await db
    .prepare(
      'INSERT INTO login_challenges (id_hash, id_nat, login_key, created_at, expires_at) VALUES (?, ?, ?, ?, ?)',
    )
    .bind(await hashSecret(id), idNat, loginKey, now, now + CHALLENGE_TTL_MS)
    .run();
  return id;
}

/** The live challenge of a cookie value, or null. */
export async function readChallenge(
  db: D1Database,
  id: string | undefined,
  now = Date.now(),
): Promise<Challenge | null> {
  if (!id) return null;
  const row = await db
    .prepare('SELECT * FROM login_challenges WHERE id_hash = ?')
    .bind(await hashSecret(id))
    .first<Row>();
  if (!row || row.expires_at < now) return null;
  return {
    idHash: row.id_hash,
    idNat: row.id_nat,
    loginKey: row.login_key,
    codeChannel: row.code_channel,
  };
}

/** Attaches a new code (replacing any earlier one) valid 5 minutes. */
export async function attachCode(
  db: D1Database,
  challenge: Challenge,
  channel: string,
  code: string,
  now = Date.now(),
) {
  await db
    .prepare(
      'UPDATE login_challenges SET code_hash = ?, code_channel = ?, code_expires_at = ? WHERE id_hash = ?',
    )
    .bind(await hashCode(challenge.idHash, code), channel, now + CODE_TTL_MS, challenge.idHash)
    .run();
}

/**
 * Spends the challenge if the code is its live code: deleted in the same statement, so a
 * code is accepted once, even under concurrent requests.
 */
export async function spendWithCode(
  db: D1Database,
  challenge: Challenge,
  code: string,
  now = Date.now(),
): Promise<boolean> {
  const row = await db
    .prepare(
      'DELETE FROM login_challenges WHERE id_hash = ? AND code_hash = ? AND code_expires_at >= ? RETURNING id_hash',
    )
    .bind(challenge.idHash, await hashCode(challenge.idHash, code), now)
    .first();
  return row !== null;
}

export async function deleteChallenge(db: D1Database, idHash: string) {
  await db.prepare('DELETE FROM login_challenges WHERE id_hash = ?').bind(idHash).run();
}
