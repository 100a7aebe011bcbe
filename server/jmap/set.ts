import type { DataType } from '../mailbox/store.ts';
import { type Args, type MethodScope, resolveId } from './context.ts';
import { MethodError, type SetError, SetFailure } from './errors.ts';

/** The per-object operations of one /set method. */
export interface SetOps {
  create?: (object: Args, creationId: string) => Promise<Args> | Args;
  update?: (id: string, patch: Args) => Promise<Args | null> | Args | null;
  destroy?: (id: string) => Promise<void> | void;
}

export const MAX_OBJECTS_IN_SET = 500;

function failure(error: unknown): SetError {
  if (error instanceof SetFailure) return error.error;
  if (error instanceof MethodError) return { type: 'invalidProperties', description: error.type };
  throw error;
}

/**
 * The common shape of `/set` (RFC 8620 section 5.3): ifInState, create (recording
 * creation ids for later `#references`), update, destroy, each object failing alone.
 */
export async function runSet(
  scope: MethodScope,
  args: Args,
  type: DataType,
  ops: SetOps,
): Promise<Args> {
  const { store } = scope;
  const oldState = store.state(type);
  if (typeof args.ifInState === 'string' && args.ifInState !== oldState) {
    throw new MethodError('stateMismatch');
  }
  const creates = (args.create ?? {}) as Record<string, Args>;
  const updates = (args.update ?? {}) as Record<string, Args>;
  const destroys = (args.destroy ?? []) as string[];
  const count = Object.keys(creates).length + Object.keys(updates).length + destroys.length;
  if (count > MAX_OBJECTS_IN_SET) throw new MethodError('requestTooLarge');
  const out: Args = { accountId: args.accountId, oldState };
  const created: Args = {};
  const notCreated: Args = {};
  for (const [cid, object] of Object.entries(creates)) {
    try {
      if (!ops.create) throw new SetFailure({ type: 'forbidden' });
      const result = await ops.create(object, cid);
      created[cid] = result;
      scope.createdIds[cid] = result.id as string;
    } catch (error) {
      notCreated[cid] = failure(error);
    }
  }
  const updated: Args = {};
  const notUpdated: Args = {};
  for (const [rawId, patch] of Object.entries(updates)) {
    let id = rawId;
    try {
      id = resolveId(scope, rawId);
      if (!ops.update) throw new SetFailure({ type: 'forbidden' });
      updated[id] = await ops.update(id, patch);
    } catch (error) {
      notUpdated[id] = failure(error);
    }
  }
  const destroyed: string[] = [];
  const notDestroyed: Args = {};
  for (const rawId of destroys) {
    let id = rawId;
    try {
      id = resolveId(scope, rawId);
      if (!ops.destroy) throw new SetFailure({ type: 'forbidden' });
      await ops.destroy(id);
      destroyed.push(id);
    } catch (error) {
      notDestroyed[id] = failure(error);
    }
  }
  const nonEmpty = (o: Args) => (Object.keys(o).length ? o : null);
  return {
    ...out,
    newState: store.state(type),
    created: nonEmpty(created),
    updated: nonEmpty(updated),
    destroyed: destroyed.length ? destroyed : null,
    notCreated: nonEmpty(notCreated),
    notUpdated: nonEmpty(notUpdated),
    notDestroyed: nonEmpty(notDestroyed),
  };
}
