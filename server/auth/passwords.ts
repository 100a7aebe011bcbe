import { PASSWORD_MIN_LENGTH } from '../../shared/identity.ts';
import { fromHex, hex } from '../bytes.ts';
import { ApiError } from '../errors.ts';
import { COMMON_PASSWORDS } from './common-passwords.ts';

/**
 * PBKDF2-SHA256 through WebCrypto. Cloudflare Workers cap PBKDF2 at 100,000 iterations
 * (a higher count fails rather than downgrading; the local workerd does not enforce the cap,
 * so tests cannot show it), so that is the count; the salt is per password, 16 random bytes.
 */
export const PBKDF2_ITERATIONS = 100_000;

const common = new Set<string>(COMMON_PASSWORDS.split('\n'));

export interface PasswordHash {
  hash: string;
  salt: string;
  iterations: number;
}

/** Compares two byte strings in time that depends only on their length. */
function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  let diff = 0;
  for (let i = 0; i < a.byteLength; i += 1) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number) {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(password),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  return crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
}

/** Refuses a password shorter than 12 characters or found in the common-password list. */
export function assertPasswordPolicy(password: string): void {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    throw new ApiError('password_rejected', 'The password is too short.');
  }
  if (common.has(password.toLowerCase())) {
    throw new ApiError('password_rejected', 'The password is too common.');
  }
}

/** True when a password is in the shipped common-password list (case-insensitive). */
export function isCommonPassword(password: string): boolean {
  return common.has(password.toLowerCase());
}

/** Hashes a password with a new random salt. */
export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const bits = await derive(password, salt, PBKDF2_ITERATIONS);
  return { hash: hex(bits), salt: hex(salt), iterations: PBKDF2_ITERATIONS };
}

/**
 * Checks a password against a stored hash in constant time. With no stored hash it still
 * spends the same work (against a dummy salt), so timing tells nothing of whether the
 * account exists.
 */
export async function verifyPassword(
  password: string,
  stored: PasswordHash | null,
): Promise<boolean> {
  const salt = stored ? fromHex(stored.salt) : new Uint8Array(16);
  const bits = new Uint8Array(
    await derive(password, salt, stored?.iterations ?? PBKDF2_ITERATIONS),
  );
  if (!stored) return false;
  return constantTimeEqual(bits, fromHex(stored.hash));
}
