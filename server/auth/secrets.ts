/** Random secrets and their hashes. Secrets are 256-bit; only SHA-256 digests are stored. */

import { base64url, sha256Hex } from '../bytes.ts';

/** A new random secret, base64url, with a readable prefix (e.g. `pli_dev_`). */
export function newSecret(prefix = ''): string {
  return prefix + base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Hex SHA-256 of a secret: what is stored at rest. */
export function hashSecret(secret: string): Promise<string> {
  return sha256Hex(secret);
}
