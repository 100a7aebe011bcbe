import type { PasswordHash } from './passwords.ts';
import { sealSecret } from './sealed-secrets.ts';

/** A person's stored credentials. */
export interface Credentials {
  password: PasswordHash | null;
  /** Sealed (see sealed-secrets.ts): open with `openSecret(CREDENTIALS_KEY, idNat, …)`. */
  totpSecret: string | null;
  /** Sealed too. */
  totpPendingSecret: string | null;
  totpLastStep: number | null;
}

interface Row {
  password_hash: string | null;
  password_salt: string | null;
  password_iterations: number | null;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_last_step: number | null;
}

export async function readCredentials(db: D1Database, idNat: string): Promise<Credentials> {
  const row = await db
    .prepare('SELECT * FROM credentials WHERE id_nat = ?')
    .bind(idNat)
    .first<Row>();
  return {
    password:
      row?.password_hash && row.password_salt && row.password_iterations
        ? { hash: row.password_hash, salt: row.password_salt, iterations: row.password_iterations }
        : null,
    totpSecret: row?.totp_secret ?? null,
    totpPendingSecret: row?.totp_pending_secret ?? null,
    totpLastStep: row?.totp_last_step ?? null,
  };
}

/** Stores a person's password hash (replacing any earlier one). */
export async function storePassword(
  db: D1Database,
  idNat: string,
  hash: PasswordHash,
  now = Date.now(),
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO credentials (id_nat, password_hash, password_salt, password_iterations, password_set_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id_nat) DO UPDATE SET password_hash = excluded.password_hash,
         password_salt = excluded.password_salt, password_iterations = excluded.password_iterations,
         password_set_at = excluded.password_set_at`,
    )
    .bind(idNat, hash.hash, hash.salt, hash.iterations, now)
    .run();
}

/** Stores a TOTP secret awaiting confirmation, sealed under the credentials key. */
export async function storePendingTotp(
  db: D1Database,
  idNat: string,
  secret: string,
  credentialsKey: string,
) {
  const sealed = await sealSecret(credentialsKey, idNat, secret);
  await db
    .prepare(
      `INSERT INTO credentials (id_nat, totp_pending_secret) VALUES (?, ?)
       ON CONFLICT (id_nat) DO UPDATE SET totp_pending_secret = excluded.totp_pending_secret`,
    )
    .bind(idNat, sealed)
    .run();
}

/** Makes the pending TOTP secret the active one. */
export async function activateTotp(db: D1Database, idNat: string, step: number, now = Date.now()) {
  await db
    .prepare(
      `UPDATE credentials SET totp_secret = totp_pending_secret, totp_pending_secret = NULL,
         totp_enabled_at = ?, totp_last_step = ? WHERE id_nat = ? AND totp_pending_secret IS NOT NULL`,
    )
    .bind(now, step, idNat)
    .run();
}

/** Turns TOTP off. */
export async function disableTotp(db: D1Database, idNat: string) {
  await db
    .prepare(
      'UPDATE credentials SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id_nat = ?',
    )
    .bind(idNat)
    .run();
}

/**
 * Records a TOTP step as used; false when that step (or a later one) was already used,
 * which refuses a replayed code even under concurrent requests.
 */
export async function useTotpStep(db: D1Database, idNat: string, step: number): Promise<boolean> {
  const result = await db
    .prepare(
      'UPDATE credentials SET totp_last_step = ? WHERE id_nat = ? AND (totp_last_step IS NULL OR totp_last_step < ?)',
    )
    .bind(step, idNat, step)
    .run();
  return result.meta.changes > 0;
}
