import type { Bindings } from '../env.ts';

/**
 * Cloudflare Email Routing entry point. Until the inbound pipeline is wired (mail core),
 * refuse with a temporary-looking reason so that nothing is silently dropped.
 */
export async function handleEmail(message: ForwardableEmailMessage, _env: Bindings) {
  message.setReject('Mailbox delivery is not available yet; please retry later.');
}
