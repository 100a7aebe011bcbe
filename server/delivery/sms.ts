import type { Bindings } from '../env.ts';

/** An SMS gateway. */
export interface SmsProvider {
  send(sms: {
    to: string;
    text: string;
  }): Promise<{ ok: true } | { ok: false; permanent: boolean }>;
}

/**
 * A generic HTTP SMS provider: `POST SMS_API_URL` with `Authorization: Bearer SMS_API_KEY`
 * and the JSON body `{ "to": "+33...", "text": "...", "sender": SMS_SENDER }`. 2xx is
 * accepted, 4xx refused for good, anything else retried. Configure the three variables
 * (the key as a secret) or put a small adapter in front of the provider's own API.
 */
export function httpSmsProvider(env: Bindings): SmsProvider {
  const url = env.SMS_API_URL;
  return {
    async send(sms) {
      if (!url) return { ok: false, permanent: false };
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${env.SMS_API_KEY ?? ''}`,
        },
        body: JSON.stringify({ to: sms.to, text: sms.text, sender: env.SMS_SENDER ?? 'Pli' }),
      });
      if (response.ok) return { ok: true };
      return { ok: false, permanent: response.status >= 400 && response.status < 500 };
    },
  };
}
