import type { TraceKind } from '../../shared/account/traces.ts';
import type { AuthContext } from '../auth/authenticate.ts';
import type { Bindings } from '../env.ts';
import { channelOf, recordTrace } from '../storage/traces.ts';
import { type DelegationEvent, sendDelegationEmails } from './emails.ts';

/** Who a delegation event concerns. */
export interface DelegationParties {
  balId: string;
  balAddress: string;
  holderIdNat: string;
  delegateIdNat: string;
  delegateName: string;
}

const TRACE_KIND: Record<DelegationEvent, TraceKind> = {
  created: 'delegation_created',
  revoked: 'delegation_revoked',
  end_requested: 'delegation_end_requested',
};

/**
 * Traces a delegation event with its real actor, then tells the people concerned by email
 * (see sendDelegationEmails). The trace names the delegate, never anything else.
 */
export async function announceDelegationEvent(
  env: Bindings,
  auth: AuthContext,
  event: DelegationEvent,
  parties: DelegationParties,
): Promise<void> {
  await recordTrace(env.DB, {
    kind: TRACE_KIND[event],
    actorIdNat: auth.idNat,
    balId: parties.balId,
    channel: channelOf(auth),
    detail: `delegate:${parties.delegateIdNat}`,
  });
  await sendDelegationEmails(env, event, parties);
}
