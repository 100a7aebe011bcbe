import { splitBlobId } from '../jmap/email-view.ts';
import { decodeBody, findPart, parseMimeTree } from '../mail/mime-tree.ts';
import { partName } from '../mail/parse.ts';
import type { Store } from './store.ts';

/** A blob's bytes and what is known of it. */
export interface BlobContent {
  bytes: Uint8Array;
  type: string;
  name: string | null;
}

/**
 * Reads a blob of this mailbox: a stored one (raw message or upload, by SHA-256) or a
 * part of a stored message (`<sha>_<partId>`), decoded. Null when it is not this mailbox's.
 */
export async function readAnyBlob(store: Store, blobId: string): Promise<BlobContent | null> {
  const { raw, partId } = splitBlobId(blobId);
  if (!/^[0-9a-f]{64}$/.test(raw)) return null;
  const row = store.one<{ type: string }>('SELECT type FROM blobs WHERE id = ?', raw);
  if (!row) return null;
  const bytes = await store.readBlob(raw);
  if (!bytes) return null;
  if (!partId) return { bytes, type: row.type, name: null };
  const part = findPart(parseMimeTree(bytes), partId);
  if (!part) return null;
  return { bytes: decodeBody(part), type: part.type, name: partName(part) };
}
