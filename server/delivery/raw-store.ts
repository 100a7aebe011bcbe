import { sha256Hex } from '../bytes.ts';

/** The R2 prefix of raw messages waiting for outbound delivery. */
const PREFIX = 'outbound/';

/**
 * Stores a raw message for the outbound queue under a content-addressed key
 * (`outbound/<sha256>`) and returns the key; the same bytes are stored once.
 */
export async function putOutboundRaw(bucket: R2Bucket, raw: Uint8Array): Promise<string> {
  const key = `${PREFIX}${await sha256Hex(raw)}`;
  if (!(await bucket.head(key))) {
    await bucket.put(key, raw, { httpMetadata: { contentType: 'message/rfc822' } });
  }
  return key;
}

/** The raw message of a key, or null when it is gone. */
export async function getOutboundRaw(bucket: R2Bucket, key: string): Promise<Uint8Array | null> {
  const object = await bucket.get(key);
  return object ? new Uint8Array(await object.arrayBuffer()) : null;
}
