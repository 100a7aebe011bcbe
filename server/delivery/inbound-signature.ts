import { INBOUND_MAX_SKEW_SECONDS } from '../../shared/mssante/inbound.ts';
import { fromHex, hex } from '../bytes.ts';

export interface SignedParts {
  timestamp: string;
  mailFrom: string;
  rcptTo: string;
  body: Uint8Array;
}

/** What the signature covers before the body: timestamp, sender and recipients, a line each. */
export function signedHead(parts: Omit<SignedParts, 'body'>): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${parts.timestamp}\n${parts.mailFrom}\n${parts.rcptTo}\n`);
}

function signedBytes(parts: SignedParts): Uint8Array<ArrayBuffer> {
  const head = signedHead(parts);
  const bytes = new Uint8Array(head.byteLength + parts.body.byteLength);
  bytes.set(head, 0);
  bytes.set(parts.body, head.byteLength);
  return bytes;
}

function hmacKey(secret: string, usage: 'sign' | 'verify') {
  return crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    [usage],
  );
}

/**
 * The `X-Pli-Signature` value of a relay request (`sha256=<hex>`), as the relay computes
 * it; see `shared/mssante/inbound.ts`.
 */
export async function signInbound(secret: string, parts: SignedParts): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret, 'sign'), signedBytes(parts));
  return `sha256=${hex(mac)}`;
}

/**
 * Whether a relay request is authentic and fresh: the HMAC matches (compared in constant
 * time by WebCrypto) and the timestamp is within 5 minutes of `nowSeconds`.
 */
export function verifyInbound(
  secret: string,
  signature: string,
  parts: SignedParts,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<boolean> {
  return verifySigned(secret, signature, parts.timestamp, signedBytes(parts), nowSeconds);
}

/**
 * `verifyInbound` over bytes that already hold `signedHead` followed by the body (as the
 * route reads a request: no copy of a 25 MiB body to sign it).
 */
export async function verifySigned(
  secret: string,
  signature: string,
  timestamp: string,
  signed: Uint8Array,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<boolean> {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > INBOUND_MAX_SKEW_SECONDS) return false;
  const match = /^sha256=([0-9a-f]{64})$/.exec(signature.trim());
  if (!match?.[1]) return false;
  const mac = fromHex(match[1]);
  return crypto.subtle.verify(
    'HMAC',
    await hmacKey(secret, 'verify'),
    mac,
    signed as Uint8Array<ArrayBuffer>,
  );
}
