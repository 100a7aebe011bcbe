/**
 * Secrets that must be read again (TOTP seeds) cannot be hashed: they are sealed with
 * AES-256-GCM under `CREDENTIALS_KEY` (a Worker secret, 32 bytes in base64), with the
 * person's idNat as associated data so that a sealed value moved to another row does not
 * open. Format: `v1.<iv>.<ciphertext>` in base64url.
 */

import { base64url, fromBase64 } from '../bytes.ts';

const VERSION = 'v1';

const keys = new Map<string, Promise<CryptoKey>>();

function importKey(base64: string): Promise<CryptoKey> {
  let key = keys.get(base64);
  if (!key) {
    const raw = fromBase64(base64);
    if (raw.byteLength !== 32) throw new Error('CREDENTIALS_KEY must be 32 bytes');
    key = crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
    keys.set(base64, key);
  }
  return key;
}

/** Seals a secret for one person. */
export async function sealSecret(
  keyBase64: string,
  idNat: string,
  secret: string,
): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(idNat) },
    await importKey(keyBase64),
    new TextEncoder().encode(secret),
  );
  return `${VERSION}.${base64url(iv)}.${base64url(new Uint8Array(sealed))}`;
}

/** Opens a sealed secret of this person; throws when it was tampered with or is not theirs. */
export async function openSecret(
  keyBase64: string,
  idNat: string,
  sealed: string,
): Promise<string> {
  const [version, iv, data] = sealed.split('.');
  if (version !== VERSION || !iv || !data) throw new Error('not a sealed secret');
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: fromBase64(iv), additionalData: new TextEncoder().encode(idNat) },
    await importKey(keyBase64),
    fromBase64(data),
  );
  return new TextDecoder().decode(plain);
}
