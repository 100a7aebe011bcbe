import { sha256Hex } from '../bytes.ts';
import type { Bindings } from '../env.ts';
import type { AutoReply } from '../mailbox/vacation-reply.ts';
import { dispatchOutbound } from './outbound.ts';

/**
 * Sends a BAL's absence reply through the normal outbound path: the trust-space check
 * (a reply outside it is dropped, never sent), local delivery or the queue, with a null
 * envelope sender (RFC 3834 section 3.3: nothing bounces back to an automatic reply) and a
 * submission id derived from the BAL, the sender and the absence period, so a retried
 * delivery sends it once. A failure is logged by class only and never fails the delivery
 * of the message that called for it.
 */
export async function sendAutoReply(env: Bindings, balId: string, reply: AutoReply): Promise<void> {
  try {
    const key = (await sha256Hex(`${balId}\n${reply.key}`)).slice(0, 32);
    const result = await dispatchOutbound(env, {
      fromBalId: balId,
      envelope: { mailFrom: '', rcptTo: [reply.to] },
      raw: reply.raw,
      submissionId: `vacation-${key}`,
    });
    if (!result.ok) console.warn('absence reply not sent', { reason: result.refused[0]?.reason });
  } catch (error) {
    console.error('absence reply failed', { error: (error as Error).name });
  }
}
