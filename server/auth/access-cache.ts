/**
 * How long a cached caller may serve without reading D1 again. A revocation made by
 * another isolate (or written to D1 by anything else) takes effect within this time; one
 * made in this isolate takes effect at once (see {@link forgetAccess}).
 */
export const ACCESS_TTL_MS = 1000;

/** At most this many callers are kept; the least recently used goes first. */
export const ACCESS_MAX_ENTRIES = 1000;

/**
 * What one credential gives: who it is, and the parts read as far as they were needed (the
 * CGU gate, the BALs reached, the JMAP session state), each read once per entry.
 */
export interface AccessEntry<Auth> {
  auth: Auth;
  parts: Map<string, Promise<unknown>>;
}

interface Slot<Auth> {
  entry: AccessEntry<Auth>;
  /** When the read that filled the entry started (older data is never served). */
  readAt: number;
}

const slots = new Map<string, Slot<unknown>>();
/** Bumped by every {@link forgetAccess}: a read that started before is not kept. */
let generation = 0;

/** The live entry of a credential (refreshed as most recently used), or undefined. */
export function cachedAccess<Auth>(key: string, now = Date.now()): AccessEntry<Auth> | undefined {
  const slot = slots.get(key);
  if (!slot) return undefined;
  slots.delete(key);
  if (now - slot.readAt >= ACCESS_TTL_MS || now < slot.readAt) return undefined;
  slots.set(key, slot);
  return slot.entry as AccessEntry<Auth>;
}

/** The current generation, taken before reading D1 and handed back to {@link keepAccess}. */
export function accessGeneration(): number {
  return generation;
}

/**
 * Keeps an entry read at `readAt`, unless access was forgotten since the read began (its
 * result may predate a revocation). Evicts the least recently used beyond the bound.
 */
export function keepAccess<Auth>(
  key: string,
  entry: AccessEntry<Auth>,
  readAt: number,
  readGeneration: number,
): void {
  if (readGeneration !== generation) return;
  slots.delete(key);
  slots.set(key, { entry, readAt });
  while (slots.size > ACCESS_MAX_ENTRIES) {
    const oldest = slots.keys().next().value;
    if (oldest === undefined) break;
    slots.delete(oldest);
  }
}

/**
 * Forgets every cached caller of this isolate. Called by each write that can narrow or
 * widen what a credential reaches: a session ended, a device token revoked, a delegation
 * given or revoked, a BAL created or deleted, the CGU published or accepted.
 */
export function forgetAccess(): void {
  generation++;
  slots.clear();
}

/** How many callers are cached (for tests of the bound). */
export function cachedAccessCount(): number {
  return slots.size;
}
