import { Hono } from 'hono';
import {
  type DelegationCreated,
  DelegationCreateSchema,
  type DelegationList,
} from '../../shared/delegation/api.ts';
import { requireAuth } from '../auth/authenticate.ts';
import { readBody } from '../auth/read-body.ts';
import { announceDelegationEvent } from '../delegation/announce.ts';
import {
  createDelegation,
  ensureDelegatePerson,
  listBalDelegations,
  listDelegationsTo,
  readDelegation,
  revokeDelegation,
} from '../delegation/delegations.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { type AccessibleBal, accessibleBal, balByAddress } from '../storage/bals.ts';

/** The BAL named by an address or an id, if the caller may work in it; else 404. */
async function callerBal(db: D1Database, idNat: string, bal: string): Promise<AccessibleBal> {
  const id = bal.includes('@') ? (await balByAddress(db, bal))?.id : bal;
  const found = id ? await accessibleBal(db, idNat, id) : null;
  if (!found) throw new ApiError('not_found', 'No such mailbox.');
  return found;
}

/**
 * Delegations (stable contract): the holder lists, adds (by idNat or RPPS) and removes the
 * delegates of their BAL; a delegate lists theirs and may ask the holder to end one. Every
 * change is traced with the real actor and emailed to the people concerned.
 */
export const delegationRoutes = new Hono<AppEnv>()
  .use(requireAuth())
  .get('/', async (c) => {
    const auth = c.get('auth');
    const bal = c.req.query('bal');
    if (!bal) {
      return c.json({
        delegations: await listDelegationsTo(c.env.DB, auth.idNat),
      } satisfies DelegationList);
    }
    const found = await callerBal(c.env.DB, auth.idNat, bal);
    const all = await listBalDelegations(c.env.DB, found.id);
    // A delegate sees their own delegation only; the holder sees them all.
    const delegations =
      found.role === 'holder' ? all : all.filter((d) => d.delegateIdNat === auth.idNat);
    return c.json({ delegations } satisfies DelegationList);
  })
  .post('/', async (c) => {
    const auth = c.get('auth');
    const input = await readBody(c, DelegationCreateSchema);
    const bal = await callerBal(c.env.DB, auth.idNat, input.bal);
    if (bal.role !== 'holder') throw new ApiError('forbidden', 'Only the holder adds delegates.');
    if (input.idNat === auth.idNat)
      throw new ApiError('invalid_request', 'The holder cannot be a delegate.');
    const delegate = await ensureDelegatePerson(c.env.DB, input.idNat);
    if (!delegate) throw new ApiError('not_found', 'No such professional.');
    const id = await createDelegation(c.env.DB, {
      balId: bal.id,
      delegateIdNat: delegate.idNat,
      byIdNat: auth.idNat,
    });
    if (!id) throw new ApiError('conflict', 'This professional is already a delegate.');
    await announceDelegationEvent(c.env, auth, 'created', {
      balId: bal.id,
      balAddress: bal.address,
      holderIdNat: bal.holderIdNat,
      delegateIdNat: delegate.idNat,
      delegateName: delegate.name,
    });
    return c.json({ id } satisfies DelegationCreated, 201);
  })
  .delete('/:id', async (c) => {
    const auth = c.get('auth');
    const delegation = await readDelegation(c.env.DB, c.req.param('id'));
    const visible =
      delegation &&
      (delegation.holderIdNat === auth.idNat || delegation.delegateIdNat === auth.idNat);
    if (!visible) throw new ApiError('not_found', 'No such delegation.');
    if (delegation.holderIdNat !== auth.idNat) {
      throw new ApiError('forbidden', 'Only the holder removes a delegation; ask them to end it.');
    }
    if (!(await revokeDelegation(c.env.DB, delegation.id))) {
      throw new ApiError('not_found', 'No such delegation.');
    }
    await announceDelegationEvent(c.env, auth, 'revoked', delegation);
    return c.body(null, 204);
  })
  .post('/:id/end-request', async (c) => {
    const auth = c.get('auth');
    const delegation = await readDelegation(c.env.DB, c.req.param('id'));
    if (!delegation || delegation.delegateIdNat !== auth.idNat) {
      throw new ApiError('not_found', 'No such delegation.');
    }
    await announceDelegationEvent(c.env, auth, 'end_requested', delegation);
    return c.body(null, 202);
  });
