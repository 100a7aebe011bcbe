import { sha256Hex } from '../bytes.ts';
import { openBlob, sealBlob } from '../storage/sealed-blobs.ts';

/** The R2 prefix of raw messages waiting for outbound delivery. */
const PREFIX = 'outbound/';
/** The key scope of those raw messages (`storage/sealed-blobs.ts`). */
const SCOPE = 'outbound';

/**
 * Stores a raw message for the outbound queue under a content-addressed key
 * (`outbound/<sha256>`), sealed at rest, and returns the key; the same bytes are stored once.
 */
export async function putOutboundRaw(
  bucket: R2Bucket,
  mailKey: string,
  raw: Uint8Array,
): Promise<string> {
  const key = `${PREFIX}${await sha256Hex(raw)}`;
  if (!(await bucket.head(key))) {
    await bucket.put(key, await sealBlob(mailKey, SCOPE, key, raw), {
      httpMetadata: { contentType: 'message/rfc822' },
    });
  }
  return key;
}

/** The raw message of a key (opened), or null when it is gone. */
export async function getOutboundRaw(
  bucket: R2Bucket,
  mailKey: string,
  key: string,
): Promise<Uint8Array | null> {
  const object = await bucket.get(key);
  if (!object) return null;
  const stored = new Uint8Array(await object.arrayBuffer());
  return openBlob(mailKey, SCOPE, key, key.slice(PREFIX.length), stored);
}
