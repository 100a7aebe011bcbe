import type { Bindings } from '../env.ts';
import type { DeliverInput, DeliverResult } from '../mailbox/deliver-types.ts';

/** The one method of `MailboxDO` the transport uses (contract: `deliver-types.ts`). */
interface Deliverer {
  deliver(input: DeliverInput): Promise<DeliverResult>;
}

/**
 * Delivers a raw message into one BAL's Durable Object. The DO decides (idempotence,
 * quota exact to the byte, patient rules) and answers a {@link DeliverResult}.
 */
export async function deliverToBal(env: Bindings, input: DeliverInput): Promise<DeliverResult> {
  // The stub's RPC typing goes through the DO class; the contract is the interface above.
  const stub = env.MAILBOX.get(env.MAILBOX.idFromName(input.balId)) as unknown as Deliverer;
  return stub.deliver(input);
}
