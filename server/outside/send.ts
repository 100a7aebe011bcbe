import { config } from '../config.ts';
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
  const domain = config(env).firstOperatorDomain;
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

/** Queue batches hold at most 100 messages. */
const QUEUE_BATCH = 100;

/**
 * Sends many external emails at once (a notice to every user): recorded in one D1 batch in
 * development; otherwise queued with `sendBatch`, 100 per call, so that a large fan-out
 * stays within a Worker's subrequest limits.
 */
export async function sendExternalEmails(env: Bindings, emails: ExternalEmail[]): Promise<void> {
  if (emails.length === 0) return;
  if (env.ENVIRONMENT === 'development') {
    const now = Date.now();
    await env.DB.batch(
      emails.map((email) =>
        env.DB.prepare(
          'INSERT INTO dev_outbox (kind, recipient, sender, subject, body, created_at) VALUES (?, ?, ?, ?, ?, ?)',
        ).bind('email', email.to, noticeSender(env), email.subject, email.text, now),
      ),
    );
    return;
  }
  for (let i = 0; i < emails.length; i += QUEUE_BATCH) {
    await env.NOTIFY.sendBatch(
      emails
        .slice(i, i + QUEUE_BATCH)
        .map((email) => ({ body: { kind: 'email', ...email } satisfies NotifyMessage })),
    );
  }
}
