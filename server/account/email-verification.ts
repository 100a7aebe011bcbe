import { isMssanteAddress } from '../../shared/bal-address.ts';
import { readContacts, storeVerifiedEmail } from '../auth/contacts.ts';
import { CODE_TTL_MS, hashCode, newCode } from '../auth/one-time-codes.ts';
import { assertNotLocked, countEvent, LOGIN_LIMIT, SEND_LIMIT } from '../auth/rate-limit.ts';
import { config } from '../config.ts';
import type { Bindings } from '../env.ts';
import { ApiError } from '../errors.ts';
import { sendExternalEmail } from '../outside/send.ts';

/**
 * The verification of a person's personal (non-MSSanté) email, the same at onboarding and
 * in the settings: a 6-digit code, stored hashed in `email_verifications` (one pending
 * address per person, 5 minutes), sent to the new address; a right code makes it the
 * verified contact. Sends and wrong codes are rate limited per purpose.
 *
 * @example
 * await sendEmailCode(env, idNat, 'dr.martin@example.org', 'onboarding', {
 *   subject: 'Vérification de votre adresse – Pli',
 *   text: (code) => `Votre code de vérification Pli : ${code}.`,
 * });
 * const { email, previous } = await confirmEmailCode(env.DB, idNat, '123456', 'onboarding');
 */

/** Where a verification is asked from; it names the rate-limit keys. */
export type EmailVerificationPurpose = 'onboarding' | 'settings-email';

/** The message carrying the code (French, to the person). */
export interface EmailCodeMessage {
  subject: string;
  text: (code: string) => string;
}

/**
 * Refuses an MSSanté address (`invalid_request`), counts the send (`rate_limited` past 5 in
 * 15 minutes), replaces any pending code of the person and sends the new one.
 */
export async function sendEmailCode(
  env: Bindings,
  idNat: string,
  email: string,
  purpose: EmailVerificationPurpose,
  message: EmailCodeMessage,
): Promise<void> {
  if (isMssanteAddress(email, config(env).operatorDomains)) {
    throw new ApiError('invalid_request', 'A personal address outside MSSanté is required.');
  }
  const key = `send:${purpose}:${idNat}`;
  await assertNotLocked(env.DB, key);
  await countEvent(env.DB, key, SEND_LIMIT);
  const code = newCode();
  await env.DB.prepare(
    `INSERT INTO email_verifications (id_nat, email, code_hash, expires_at, failures) VALUES (?, ?, ?, ?, 0)
     ON CONFLICT (id_nat) DO UPDATE SET email = excluded.email, code_hash = excluded.code_hash,
       expires_at = excluded.expires_at, failures = 0`,
  )
    .bind(idNat, email, await hashCode(idNat, code), Date.now() + CODE_TTL_MS)
    .run();
  await sendExternalEmail(env, { to: email, subject: message.subject, text: message.text(code) });
}

/**
 * Consumes a right, unexpired code and stores its address as the verified contact; returns
 * it with the address it replaces. A wrong or expired code counts against the person
 * (`invalid_code`, locked after 5 in 15 minutes).
 */
export async function confirmEmailCode(
  db: D1Database,
  idNat: string,
  code: string,
  purpose: EmailVerificationPurpose,
): Promise<{ email: string; previous: string | null }> {
  const key = `verify:${purpose}:${idNat}`;
  await assertNotLocked(db, key);
  const row = await db
    .prepare(
      'DELETE FROM email_verifications WHERE id_nat = ? AND code_hash = ? AND expires_at >= ? RETURNING email',
    )
    .bind(idNat, await hashCode(idNat, code), Date.now())
    .first<{ email: string }>();
  if (!row) {
    await countEvent(db, key, LOGIN_LIMIT);
    throw new ApiError('invalid_code', 'Wrong or expired code.');
  }
  const previous = (await readContacts(db, idNat)).email;
  await storeVerifiedEmail(db, idNat, row.email);
  return { email: row.email, previous };
}
