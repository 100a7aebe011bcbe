import { sha256Hex } from '../bytes.ts';
import type { Bindings } from '../env.ts';
import { openOutbound, outboundName, sealOutbound } from '../storage/sealed-blobs.ts';

/**
 * Stores a raw message for the outbound queue, sealed at rest, under a name keyed on its
 * content (`outbound/<HMAC(sha256)>`), and returns that name; the same bytes are stored
 * once.
 */
export async function putOutboundRaw(
  env: Pick<Bindings, 'BLOBS' | 'MAIL_KEY'>,
  raw: Uint8Array,
): Promise<string> {
  const name = await outboundName(env, await sha256Hex(raw));
  if (!(await env.BLOBS.head(name))) await env.BLOBS.put(name, await sealOutbound(env, name, raw));
  return name;
}

/** The raw message stored under a name (opened), or null when it is gone. */
export async function getOutboundRaw(
  env: Pick<Bindings, 'BLOBS' | 'MAIL_KEY' | 'MAIL_KEY_PREVIOUS'>,
  name: string,
): Promise<Uint8Array | null> {
  const object = await env.BLOBS.get(name);
  if (!object) return null;
  return openOutbound(env, name, new Uint8Array(await object.arrayBuffer()));
}
