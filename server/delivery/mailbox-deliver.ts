import type { Bindings } from '../env.ts';
import type { DeliverInput, DeliverResult } from '../mailbox/deliver-types.ts';
import { mailboxStub } from '../mailbox/stub.ts';

/**
 * Delivers a raw message into one BAL's Durable Object. The DO decides (idempotence,
 * quota exact to the byte, patient rules) and answers a {@link DeliverResult}.
 */
export function deliverToBal(env: Bindings, input: DeliverInput): Promise<DeliverResult> {
  return mailboxStub(env, input.balId).deliver(input);
}
