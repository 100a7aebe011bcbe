import { IMAP_CAPABILITY } from '../../shared/jmap/imap.ts';
import { JMAP_CAPABILITIES } from '../../shared/jmap/types.ts';
import type { Store } from '../mailbox/store.ts';
import { MethodError } from './errors.ts';

/**
 * The capabilities Pli serves: those of `shared/jmap/types.ts`, the IMAP gateway's
 * private one (`shared/jmap/imap.ts`), which only the gateway puts in `using`, and JMAP
 * over WebSocket (RFC 8887, `websocket.ts`), which names a transport, no method.
 */
export const CAPABILITIES = {
  ...JMAP_CAPABILITIES,
  imap: IMAP_CAPABILITY,
  websocket: 'urn:ietf:params:jmap:websocket',
} as const;

/** Who calls, on which account: passed from the Worker into the mailbox's DO. */
export interface CallContext {
  accountId: string;
  /** The real person acting (a delegate in a holder's BAL is named here). */
  actorIdNat: string;
  /** `session` or `token:<device id>`, for traces. */
  channel: string;
  quotaBytes: number;
  using: string[];
  /**
   * A delegate writing in someone else's BAL: the `Sender` of the mail they compose
   * (RFC 5322 section 3.6.2), their name and their own BAL's address (the BAL's when they
   * have none). Absent for the holder.
   */
  sender?: { name: string | null; email: string } | null;
}

/** What a method handler gets; `extra` collects implicit responses (onSuccess*). */
export interface MethodScope {
  store: Store;
  ctx: CallContext;
  extra: [string, Record<string, unknown>][];
  /** Creation ids of this request (`#creationId` references) and the ids they got. */
  createdIds: Record<string, string>;
  /** Schedules work after the response (new-mail notices, traces). */
  waitUntil(promise: Promise<unknown>): void;
}

export type Args = Record<string, unknown>;
export type Handler = (scope: MethodScope, args: Args) => Promise<Args> | Args;

/** The ids argument of a /get call, or null for all. */
export function idsArg(args: Args, name = 'ids'): string[] | null {
  const ids = args[name];
  if (ids === undefined || ids === null) return null;
  if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string')) {
    throw new MethodError('invalidArguments', `${name} must be a list of ids.`);
  }
  return ids as string[];
}

/** The properties argument of a /get call, checked against the known ones. */
export function propertiesArg(
  args: Args,
  known: readonly string[],
  defaults: readonly string[],
): string[] {
  const properties = args.properties;
  if (properties === undefined || properties === null) return [...defaults];
  if (!Array.isArray(properties) || properties.some((p) => typeof p !== 'string')) {
    throw new MethodError('invalidArguments', 'properties must be a list of names.');
  }
  for (const p of properties as string[]) {
    if (!known.includes(p)) throw new MethodError('invalidArguments', `Unknown property: ${p}`);
  }
  return [...new Set(['id', ...(properties as string[])])];
}

/** Positive integer argument or a default. */
export function intArg(args: Args, name: string, fallback: number | null): number | null {
  const value = args[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new MethodError('invalidArguments', `${name} must be an integer.`);
  }
  return value;
}

/** A string argument, required unless a fallback is given. */
export function stringArg(args: Args, name: string): string {
  const value = args[name];
  if (typeof value !== 'string') throw new MethodError('invalidArguments', `${name} is required.`);
  return value;
}

/** Picks the asked properties of an object. */
export function pick(obj: Args, properties: string[]): Args {
  const out: Args = {};
  for (const p of properties) if (p in obj) out[p] = obj[p];
  return out;
}

export { utcDate } from '../../shared/jmap/types.ts';

/** Standard query paging (RFC 8620 section 5.5): position, anchor, anchorOffset, limit. */
export function page(ids: string[], args: Args, maxLimit = 1000) {
  const asked = intArg(args, 'limit', maxLimit) ?? maxLimit;
  const limit = Math.min(asked, maxLimit);
  if (limit < 0) throw new MethodError('invalidArguments', 'limit must not be negative.');
  let position = intArg(args, 'position', 0) ?? 0;
  const anchor = args.anchor;
  if (typeof anchor === 'string') {
    const index = ids.indexOf(anchor);
    if (index === -1) throw new MethodError('anchorNotFound');
    position = Math.max(0, index + (intArg(args, 'anchorOffset', 0) ?? 0));
  } else if (position < 0) {
    position = Math.max(0, ids.length + position);
  }
  const slice = ids.slice(position, position + limit);
  return {
    position,
    ids: slice,
    ...(asked > maxLimit || (args.limit == null && ids.length - position > maxLimit)
      ? { limit }
      : {}),
    ...(args.calculateTotal ? { total: ids.length } : {}),
  };
}

/** queryChanges the removed-then-added way (RFC 8620 section 5.6), over changed ids. */
export function queryChangesOf(
  current: string[],
  changed: { created: string[]; updated: string[]; destroyed: string[] },
  args: Args,
) {
  const maxChanges = intArg(args, 'maxChanges', null);
  const touched = [...changed.created, ...changed.updated, ...changed.destroyed];
  if (maxChanges !== null && touched.length > maxChanges) throw new MethodError('tooManyChanges');
  const index = new Map(current.map((id, i) => [id, i]));
  const added = [...changed.created, ...changed.updated]
    .filter((id) => index.has(id))
    .map((id) => ({ id, index: index.get(id) as number }))
    .sort((a, b) => a.index - b.index);
  return {
    removed: [...changed.updated, ...changed.destroyed],
    added,
    ...(args.calculateTotal ? { total: current.length } : {}),
  };
}

/** Resolves `#creationId` to the id created earlier in the request. */
export function resolveId(scope: MethodScope, id: string): string {
  if (!id.startsWith('#')) return id;
  const real = scope.createdIds[id.slice(1)];
  if (!real) throw new MethodError('invalidResultReference', `Unknown creation id ${id}`);
  return real;
}
