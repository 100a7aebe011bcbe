import { hashSecret } from './secrets.ts';

/** A code is valid 5 minutes. */
export const CODE_TTL_MS = 5 * 60_000;

/** A uniformly random 6-digit code (rejection sampling, no modulo bias). */
export function newCode(): string {
  const buffer = new Uint32Array(1);
  const limit = Math.floor(0xffffffff / 1_000_000) * 1_000_000;
  for (;;) {
    crypto.getRandomValues(buffer);
    const value = buffer[0] as number;
    if (value < limit) return String(value % 1_000_000).padStart(6, '0');
  }
}

/** The stored form of a code: SHA-256 of a per-use salt and the code. */
export function hashCode(salt: string, code: string): Promise<string> {
  return hashSecret(`${salt}:${code}`);
}

/** Masks an email or phone for display: `c•••@exemple.fr`, `••••••••78`. */
export function maskTarget(target: string): string {
  const at = target.indexOf('@');
  if (at > 0) return `${target.slice(0, 1)}•••${target.slice(at)}`;
  return `${'•'.repeat(Math.max(0, target.length - 2))}${target.slice(-2)}`;
}
