/**
 * Encryption at rest of what Pli keeps in R2 for a mailbox (raw messages, uploads) and of
 * raw messages waiting for outbound delivery: AES-256-GCM under a key derived by HKDF-SHA256
 * from `MAIL_KEY` (a Worker secret, 32 bytes in base64) for each scope (a BAL id, or
 * `outbound`), so one BAL's key opens no other's. The object's R2 key is the associated
 * data: an object copied to another key does not open. Format: `PLI\x01`, a 12-byte random
 * IV, then the ciphertext and its tag.
 *
 * Objects stored before encryption are still read, but only when their bytes hash to the
 * SHA-256 their content-addressed key names: a plaintext put in place of a sealed object is
 * refused unless it is the very same content.
 *
 * @example
 * const sealed = await sealBlob(env.MAIL_KEY, balId, key, raw);
 * await env.BLOBS.put(key, sealed);
 * const raw2 = await openBlob(env.MAIL_KEY, balId, key, new Uint8Array(await obj.arrayBuffer()));
 */

import { fromBase64, sha256Hex } from '../bytes.ts';

const MAGIC = new Uint8Array([0x50, 0x4c, 0x49, 0x01]); // "PLI", version 1
const IV_BYTES = 12;
/** Derived keys kept per isolate (a BAL's DO uses one; a Worker a few). */
const MAX_CACHED_KEYS = 256;

const masters = new Map<string, Promise<CryptoKey>>();
const derived = new Map<string, Promise<CryptoKey>>();

function masterKey(base64: string): Promise<CryptoKey> {
  let key = masters.get(base64);
  if (!key) {
    const raw = fromBase64(base64);
    if (raw.byteLength !== 32) throw new Error('MAIL_KEY must be 32 bytes');
    key = crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey']);
    masters.set(base64, key);
  }
  return key;
}

/** The AES-256-GCM key of one scope (a BAL id or `outbound`). */
function scopeKey(base64: string, scope: string): Promise<CryptoKey> {
  const id = `${base64}\n${scope}`;
  let key = derived.get(id);
  if (!key) {
    if (derived.size >= MAX_CACHED_KEYS) derived.clear();
    key = masterKey(base64).then((master) =>
      crypto.subtle.deriveKey(
        {
          name: 'HKDF',
          hash: 'SHA-256',
          salt: new TextEncoder().encode('pli-mail-at-rest'),
          info: new TextEncoder().encode(`v1:${scope}`),
        },
        master,
        { name: 'AES-GCM', length: 256 },
        false,
        ['encrypt', 'decrypt'],
      ),
    );
    derived.set(id, key);
  }
  return key;
}

/** Seals the bytes of the R2 object `objectKey` of `scope`. */
export async function sealBlob(
  mailKey: string,
  scope: string,
  objectKey: string,
  bytes: Uint8Array,
): Promise<Uint8Array> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(objectKey) },
    await scopeKey(mailKey, scope),
    bytes as Uint8Array<ArrayBuffer>,
  );
  const out = new Uint8Array(MAGIC.length + IV_BYTES + sealed.byteLength);
  out.set(MAGIC, 0);
  out.set(iv, MAGIC.length);
  out.set(new Uint8Array(sealed), MAGIC.length + IV_BYTES);
  return out;
}

function isSealed(bytes: Uint8Array): boolean {
  return bytes.byteLength > MAGIC.length + IV_BYTES && MAGIC.every((b, i) => bytes[i] === b);
}

/**
 * The plain bytes of an R2 object of `scope` stored under `objectKey`, whose content
 * address is `sha` (hex SHA-256). Throws when a sealed object does not open (tampered,
 * moved, another key) or a plaintext one is not the content its key names.
 */
export async function openBlob(
  mailKey: string,
  scope: string,
  objectKey: string,
  sha: string,
  stored: Uint8Array,
): Promise<Uint8Array> {
  if (!isSealed(stored)) {
    if ((await sha256Hex(stored)) !== sha) throw new Error('stored object does not match its key');
    return stored;
  }
  const plain = await crypto.subtle.decrypt(
    {
      name: 'AES-GCM',
      iv: stored.subarray(MAGIC.length, MAGIC.length + IV_BYTES) as Uint8Array<ArrayBuffer>,
      additionalData: new TextEncoder().encode(objectKey),
    },
    await scopeKey(mailKey, scope),
    stored.subarray(MAGIC.length + IV_BYTES) as Uint8Array<ArrayBuffer>,
  );
  return new Uint8Array(plain);
}
