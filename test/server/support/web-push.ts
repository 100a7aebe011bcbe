import { base64url, fromBase64 } from '../../../server/bytes.ts';
import { contentKeys } from '../../../server/push/web-push.ts';

/** A browser's push subscription keys: what it hands to Pli (base64url) and its private key. */
export interface DeviceKeys {
  p256dh: string;
  auth: string;
  privateKey: CryptoKey;
}

/** Fresh device keys, as `PushManager.subscribe` makes them. */
export async function deviceKeys(): Promise<DeviceKeys> {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDH', namedCurve: 'P-256' }, true, [
    'deriveBits',
  ])) as CryptoKeyPair;
  return {
    p256dh: base64url((await crypto.subtle.exportKey('raw', pair.publicKey)) as ArrayBuffer),
    auth: base64url(crypto.getRandomValues(new Uint8Array(16))),
    privateKey: pair.privateKey,
  };
}

/**
 * Decrypts an RFC 8291 message body as the receiving browser does, with its private key
 * and auth secret (single record; the padding and delimiter are removed).
 */
export async function decryptPush(
  body: Uint8Array<ArrayBuffer>,
  device: DeviceKeys,
): Promise<string> {
  const salt = body.subarray(0, 16);
  const idlen = body[20] as number;
  const asPublic = body.subarray(21, 21 + idlen);
  const record = body.subarray(21 + idlen);
  const asKey = await crypto.subtle.importKey(
    'raw',
    asPublic,
    { name: 'ECDH', namedCurve: 'P-256' },
    false,
    [],
  );
  const secret = new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'ECDH', public: asKey }, device.privateKey, 256),
  );
  const uaPublic = fromBase64(device.p256dh);
  const auth = fromBase64(device.auth);
  const { key, nonce } = await contentKeys(secret, auth, uaPublic, asPublic, salt);
  const padded = new Uint8Array(
    await crypto.subtle.decrypt({ name: 'AES-GCM', iv: nonce }, key, record),
  );
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end -= 1;
  if (padded[end] !== 2) throw new Error('not a last record');
  return new TextDecoder().decode(padded.subarray(0, end));
}
