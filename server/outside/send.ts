import type { Bindings } from '../env.ts';
import { recordOutbox } from '../storage/dev-outbox.ts';

/** An email to an address outside the trust space (the user's personal address). */
export interface ExternalEmail {
  to: string;
  subject: string;
  /** Plain text. Never health content: one-time codes, notices, links. */
  text: string;
}

/** An SMS to a mobile number. */
export interface Sms {
  to: string;
  text: string;
}

/** What the NOTIFY queue carries to its consumer, which hands it to a real transport. */
export type NotifyMessage = ({ kind: 'email' } & ExternalEmail) | ({ kind: 'sms' } & Sms);

/** The sender address of Pli's own notices. */
export function noticeSender(env: Bindings): string {
  const domain = env.OPERATOR_DOMAINS.split(',')[0]?.trim() ?? 'localhost';
  return `ne-pas-repondre@${domain}`;
}

/**
 * Sends an email outside the trust space. In development it is recorded in the dev outbox
 * (GET /dev/outbox) instead; otherwise it goes through the NOTIFY queue, whose consumer
 * retries until the transport accepts it.
 */
export async function sendExternalEmail(env: Bindings, email: ExternalEmail): Promise<void> {
  if (env.ENVIRONMENT === 'development') {
    await recordOutbox(env.DB, {
      kind: 'email',
      from: noticeSender(env),
      ...email,
      body: email.text,
    });
    return;
  }
  await env.NOTIFY.send({ kind: 'email', ...email } satisfies NotifyMessage);
}

/** Sends an SMS; recorded in the dev outbox in development, queued otherwise. */
export async function sendSms(env: Bindings, sms: Sms): Promise<void> {
  if (env.ENVIRONMENT === 'development') {
    await recordOutbox(env.DB, { kind: 'sms', to: sms.to, body: sms.text });
    return;
  }
  await env.NOTIFY.send({ kind: 'sms', ...sms } satisfies NotifyMessage);
}
