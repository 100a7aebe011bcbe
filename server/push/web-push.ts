import { importJWK, SignJWT } from 'jose';
import { base64url, fromBase64 } from '../bytes.ts';

/**
 * Web Push (RFC 8030) of one message: the payload encrypted per RFC 8291 (the
 * `aes128gcm` content encoding of RFC 8188, one record) and the request signed with VAPID
 * (RFC 8292, an ES256 JWT). Never logs a payload, a push URL or a key.
 */

/** The record size written in the header; the whole payload is one record. */
export const RECORD_SIZE = 4096;
/** salt(16) ‖ rs(4) ‖ idlen(1) ‖ keyid(65): the aes128gcm header of RFC 8291. */
const HEADER_LENGTH = 16 + 4 + 1 + 65;
/** The longest plaintext one record holds (tag 16, delimiter 1), within the 4096 bytes push services take. */
export const MAX_PLAINTEXT = RECORD_SIZE - HEADER_LENGTH - 16 - 1;
/** Lengths of the subscription's keys (RFC 8291 section 3): an uncompressed P-256 point, the auth secret. */
export const P256DH_LENGTH = 65;
export const AUTH_SECRET_LENGTH = 16;
/** How long a VAPID JWT is valid (RFC 8292 section 2: at most 24 hours). */
const VAPID_JWT_SECONDS = 12 * 60 * 60;
const SEND_TIMEOUT_MS = 10_000;

type Bytes = Uint8Array<ArrayBuffer>;

/** The keys a browser's PushSubscription hands over (`p256dh`, `auth`), base64url. */
export interface PushKeys {
  p256dh: string;
  auth: string;
}

/** Pli's VAPID key pair: the public key as a base64url uncompressed point, the private scalar `d`. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
  /** The `sub` claim: a `mailto:` or `https:` contact for the push service. */
  subject: string;
}

const encoder = new TextEncoder();

function concat(...parts: Uint8Array[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}

/** The bytes of base64url text, or null when it is not base64url of exactly `length` bytes. */
export function decodeKey(text: unknown, length: number): Bytes | null {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]+={0,2}$/.test(text)) return null;
  try {
    const bytes = fromBase64(text);
    return bytes.byteLength === length ? bytes : null;
  } catch {
    return null;
  }
}

/** The JWK of a P-256 key from its uncompressed point (and private scalar). */
function p256Jwk(point: Uint8Array, d?: Uint8Array): JsonWebKey {
  if (point.byteLength !== P256DH_LENGTH || point[0] !== 4) throw new Error('not a P-256 point');
  return {
    kty: 'EC',
    crv: 'P-256',
    x: base64url(point.subarray(1, 33)),
    y: base64url(point.subarray(33, 65)),
    ...(d ? { d: base64url(d) } : {}),
  };
}

/** An ECDH key pair from its raw public point and private scalar (the test vectors' form). */
export async function ecdhKeyPair(publicKey: Uint8Array, privateKey: Uint8Array) {
  const algorithm = { name: 'ECDH', namedCurve: 'P-256' };
  return {
    publicKey: await crypto.subtle.importKey('raw', publicKey as Bytes, algorithm, true, []),
    privateKey: await crypto.subtle.importKey(
      'jwk',
      p256Jwk(publicKey, privateKey),
      algorithm,
      false,
      ['deriveBits'],
    ),
  } satisfies CryptoKeyPair;
}

async function hkdf(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number) {
  const key = await crypto.subtle.importKey('raw', ikm as Bytes, 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: salt as Bytes, info: info as Bytes },
    key,
    length * 8,
  );
  return new Uint8Array(bits);
}

/**
 * The content key and nonce of RFC 8291 section 3.4 from the ECDH secret: shared by the
 * sender (encrypt) and, in tests, a receiver (decrypt).
 */
export async function contentKeys(
  ecdhSecret: Uint8Array,
  authSecret: Uint8Array,
  uaPublic: Uint8Array,
  asPublic: Uint8Array,
  salt: Uint8Array,
): Promise<{ key: CryptoKey; nonce: Bytes }> {
  const keyInfo = concat(encoder.encode('WebPush: info\0'), uaPublic, asPublic);
  const ikm = await hkdf(ecdhSecret, authSecret, keyInfo, 32);
  const cek = await hkdf(ikm, salt, encoder.encode('Content-Encoding: aes128gcm\0'), 16);
  const nonce = await hkdf(ikm, salt, encoder.encode('Content-Encoding: nonce\0'), 12);
  const key = await crypto.subtle.importKey('raw', cek, 'AES-GCM', false, ['encrypt', 'decrypt']);
  return { key, nonce };
}

/**
 * The RFC 8291 message body of `plaintext` for a subscription's keys: one `aes128gcm`
 * record after the header that carries the salt and the sender's ephemeral public key.
 * `options.salt` and `options.senderKeys` exist for the RFC's test vector; otherwise both
 * are fresh for every message.
 *
 * @example
 * const body = await encryptPayload(new TextEncoder().encode('{}'), { p256dh, auth });
 */
export async function encryptPayload(
  plaintext: Uint8Array,
  keys: PushKeys,
  options: { salt?: Uint8Array; senderKeys?: CryptoKeyPair } = {},
): Promise<Bytes> {
  if (plaintext.byteLength > MAX_PLAINTEXT) throw new Error('push payload too large');
  const uaPublic = decodeKey(keys.p256dh, P256DH_LENGTH);
  const authSecret = decodeKey(keys.auth, AUTH_SECRET_LENGTH);
  if (!uaPublic || !authSecret) throw new Error('invalid push subscription keys');
  const salt = options.salt ?? crypto.getRandomValues(new Uint8Array(16));
  const sender =
    options.senderKeys ??
    ((await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
      'deriveBits',
    ])) as CryptoKeyPair);
  const asPublic = new Uint8Array(
    (await crypto.subtle.exportKey('raw', sender.publicKey)) as ArrayBuffer,
  );
  const uaKey = await crypto.subtle.importKey(
    'raw',
    uaPublic,
    { name: 'ECDH', namedCurve: 'P-256' },
    false,
    [],
  );
  const ecdhSecret = new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'ECDH', public: uaKey }, sender.privateKey, 256),
  );
  const { key, nonce } = await contentKeys(ecdhSecret, authSecret, uaPublic, asPublic, salt);
  // The last (only) record ends with the delimiter 0x02 and no padding (RFC 8188 2).
  const record = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: 'AES-GCM', iv: nonce },
      key,
      concat(plaintext, new Uint8Array([2])),
    ),
  );
  const header = new Uint8Array(HEADER_LENGTH);
  header.set(salt, 0);
  new DataView(header.buffer).setUint32(16, RECORD_SIZE);
  header[20] = asPublic.byteLength;
  header.set(asPublic, 21);
  return concat(header, record);
}

/**
 * The `Authorization` header of RFC 8292 for a push URL: `vapid t=<JWT>, k=<public key>`,
 * the JWT signed with ES256 for the push service's origin.
 */
export async function vapidAuthorization(
  pushUrl: string,
  vapid: VapidKeys,
  now = Date.now(),
): Promise<string> {
  const point = decodeKey(vapid.publicKey, P256DH_LENGTH);
  const d = decodeKey(vapid.privateKey, 32);
  if (!point || !d) throw new Error('invalid VAPID keys');
  const key = await importJWK(p256Jwk(point, d) as Parameters<typeof importJWK>[0], 'ES256');
  const jwt = await new SignJWT({})
    .setProtectedHeader({ typ: 'JWT', alg: 'ES256' })
    .setAudience(new URL(pushUrl).origin)
    .setExpirationTime(Math.floor(now / 1000) + VAPID_JWT_SECONDS)
    .setSubject(vapid.subject)
    .sign(key);
  return `vapid t=${jwt}, k=${vapid.publicKey}`;
}

export type Urgency = 'very-low' | 'low' | 'normal' | 'high';

/** What the push service answered: `gone` when the subscription no longer exists (404, 410). */
export type PushOutcome = 'sent' | 'gone' | 'failed';

/**
 * POSTs one encrypted message to a subscription's push URL (RFC 8030 section 5), with
 * `TTL`, `Urgency`, `Content-Encoding: aes128gcm` and the VAPID authorization. A 404 or
 * 410 means the subscription is gone (the caller deletes it); any other failure is only
 * `failed` (the next state change tries again).
 */
export async function sendWebPush(
  target: { url: string; keys: PushKeys },
  payload: string,
  vapid: VapidKeys,
  options: { ttlSeconds: number; urgency: Urgency },
): Promise<PushOutcome> {
  try {
    const body = await encryptPayload(encoder.encode(payload), target.keys);
    const response = await fetch(target.url, {
      method: 'POST',
      headers: {
        TTL: String(options.ttlSeconds),
        Urgency: options.urgency,
        'Content-Type': 'application/octet-stream',
        'Content-Encoding': 'aes128gcm',
        Authorization: await vapidAuthorization(target.url, vapid),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.status === 404 || response.status === 410) return 'gone';
    return response.ok ? 'sent' : 'failed';
  } catch {
    return 'failed';
  }
}
