import { EmailMessage } from 'cloudflare:email';
import type { Transport } from './transport.ts';

/**
 * The Cloudflare email binding (`send_email`). One message per recipient; a refusal is
 * treated as temporary (the queue retries, then the dead-letter consumer bounces).
 */
export function emailBindingTransport(binding: SendEmail): Transport {
  return {
    name: 'email-binding',
    async send(mail) {
      try {
        for (const rcpt of mail.rcptTo) {
          const text = new TextDecoder().decode(mail.raw);
          await binding.send(new EmailMessage(mail.mailFrom, rcpt, text));
        }
        return { ok: true };
      } catch (error) {
        return { ok: false, permanent: false, reply: (error as Error).name ?? 'send failed' };
      }
    },
  };
}
