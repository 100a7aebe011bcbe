import { MAX_MESSAGE_BYTES } from '../../shared/mssante/limits.ts';
import { receiveInbound } from '../delivery/inbound.ts';
import type { Bindings } from '../env.ts';

/**
 * Cloudflare Email Routing entry point: the same path as `POST /inbound`. A refusal (size,
 * sender outside the trust space, unknown recipient, full BAL, patient rules) rejects the
 * SMTP transaction, so the sending server bounces it.
 */
export async function handleEmail(message: ForwardableEmailMessage, env: Bindings) {
  if (message.rawSize > MAX_MESSAGE_BYTES) {
    message.setReject('552 5.3.4 Message exceeds 25 MiB.');
    return;
  }
  const raw = new Uint8Array(await new Response(message.raw).arrayBuffer());
  const result = await receiveInbound(env, { mailFrom: message.from, rcptTo: [message.to], raw });
  if (!result.ok) {
    message.setReject(`${result.smtp} ${result.refusal}`);
    return;
  }
  const failed = result.results.find((r) => r.status === 'failed');
  if (failed) message.setReject(`${failed.smtp} ${failed.reason ?? 'refused'}`);
}
