import * as v from 'valibot';
import { JmapResponseSchema } from '../../shared/jmap/schemas.ts';
import { JMAP_CAPABILITIES } from '../../shared/jmap/types.ts';
import { jmapFetch } from './pairing.ts';

/**
 * The background's JMAP calls to Pli with the device token (through `jmapFetch`, so a 401
 * unpairs the extension). Every answer is checked with valibot before it is read.
 */

/** What the extension reads of the JMAP session (RFC 8620 section 2). */
const SessionSchema = v.object({
  username: v.string(),
  accounts: v.record(v.string(), v.object({ name: v.string(), isPersonal: v.boolean() })),
  capabilities: v.record(v.string(), v.unknown()),
  eventSourceUrl: v.string(),
});
const MssanteCapabilitySchema = v.object({ vapidPublicKey: v.nullish(v.string()) });

export interface Session {
  username: string;
  /** The accounts, the person's own first. */
  accounts: { id: string; address: string; personal: boolean }[];
  eventSourceUrl: string;
  /** Pli's VAPID public key, for `pushManager.subscribe`; null without Web Push. */
  vapidPublicKey: string | null;
}

/** The JMAP session, or null when not paired, unpaired (401) or not answered. */
export async function fetchSession(): Promise<Session | null> {
  const response = await jmapFetch('/.well-known/jmap');
  if (!response?.ok) return null;
  const parsed = v.safeParse(SessionSchema, await response.json().catch(() => null));
  if (!parsed.success) return null;
  const session = parsed.output;
  const mssante = v.safeParse(
    MssanteCapabilitySchema,
    session.capabilities[JMAP_CAPABILITIES.mssante],
  );
  const accounts = Object.entries(session.accounts)
    .map(([id, a]) => ({ id, address: a.name, personal: a.isPersonal }))
    .sort((a, b) => Number(b.personal) - Number(a.personal) || a.address.localeCompare(b.address));
  return {
    username: session.username,
    accounts,
    eventSourceUrl: session.eventSourceUrl,
    vapidPublicKey: mssante.success ? (mssante.output.vapidPublicKey ?? null) : null,
  };
}

export type Call = [name: string, args: Record<string, unknown>, id: string];

/** The method responses by call id, or null when not answered (or unpaired). */
export async function jmapCall(
  calls: Call[],
): Promise<Map<string, [name: string, args: Record<string, unknown>]> | null> {
  const response = await jmapFetch('/jmap/api', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      using: [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.mail],
      methodCalls: calls,
    }),
  });
  if (!response?.ok) return null;
  const parsed = v.safeParse(JmapResponseSchema, await response.json().catch(() => null));
  if (!parsed.success) return null;
  return new Map(parsed.output.methodResponses.map(([name, args, id]) => [id, [name, args]]));
}
