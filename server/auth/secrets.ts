/** Random secrets and their hashes. Secrets are 256-bit; only SHA-256 digests are stored. */

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** A new random secret, base64url, with a readable prefix (e.g. `pli_dev_`). */
export function newSecret(prefix = ''): string {
  return prefix + base64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Hex SHA-256 of a secret: what is stored at rest. */
export async function hashSecret(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
