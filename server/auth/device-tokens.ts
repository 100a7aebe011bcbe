import { forgetAccess } from './access-cache.ts';
import { hashSecret, newSecret } from './secrets.ts';

export const DEVICE_TOKEN_PREFIX = 'pli_dev_';

export interface DeviceToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

interface DeviceRow {
  id: string;
  id_nat: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Creates a named bearer token for a person; the token itself is returned once, never stored. */
export async function createDeviceToken(
  db: D1Database,
  idNat: string,
  name: string,
  now = Date.now(),
): Promise<{ id: string; token: string }> {
  const id = crypto.randomUUID();
  const token = newSecret(DEVICE_TOKEN_PREFIX);
  await db
    .prepare(
      'INSERT INTO device_tokens (id, id_nat, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)',
    )
    .bind(id, idNat, name, await hashSecret(token), now)
    .run();
  return { id, token };
}

/** The person a live token belongs to (its last use recorded), or null. */
export async function readDeviceToken(
  db: D1Database,
  token: string,
  now = Date.now(),
): Promise<{ id: string; idNat: string } | null> {
  const row = await db
    .prepare('SELECT * FROM device_tokens WHERE token_hash = ? AND revoked_at IS NULL')
    .bind(await hashSecret(token))
    .first<DeviceRow>();
  if (!row) return null;
  if (row.last_used_at === null || now - row.last_used_at > 60_000) {
    await db
      .prepare('UPDATE device_tokens SET last_used_at = ? WHERE id = ?')
      .bind(now, row.id)
      .run();
  }
  return { id: row.id, idNat: row.id_nat };
}

/** A person's live tokens, newest first. */
export async function listDeviceTokens(db: D1Database, idNat: string): Promise<DeviceToken[]> {
  const { results } = await db
    .prepare(
      'SELECT * FROM device_tokens WHERE id_nat = ? AND revoked_at IS NULL ORDER BY created_at DESC',
    )
    .bind(idNat)
    .all<DeviceRow>();
  return results.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: iso(row.created_at) as string,
    lastUsedAt: iso(row.last_used_at),
  }));
}

/** Revokes one of a person's tokens; false when it is not theirs or already revoked. */
export async function revokeDeviceToken(
  db: D1Database,
  idNat: string,
  id: string,
  now = Date.now(),
): Promise<boolean> {
  const result = await db
    .prepare(
      'UPDATE device_tokens SET revoked_at = ? WHERE id = ? AND id_nat = ? AND revoked_at IS NULL',
    )
    .bind(now, id, idNat)
    .run();
  forgetAccess();
  return result.meta.changes > 0;
}

/**
 * Revokes a token by the token itself (its holder signing out, RFC 7009); the revoked
 * device's id and person, or null when the token is unknown or already revoked.
 */
export async function revokeTokenItself(
  db: D1Database,
  token: string,
  now = Date.now(),
): Promise<{ id: string; idNat: string } | null> {
  const row = await db
    .prepare(
      'UPDATE device_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL RETURNING id, id_nat',
    )
    .bind(now, await hashSecret(token))
    .first<Pick<DeviceRow, 'id' | 'id_nat'>>();
  forgetAccess();
  return row ? { id: row.id, idNat: row.id_nat } : null;
}
