import { createMimeMessage } from 'mimetext/browser';
import type { Bindings } from '../env.ts';
import { type NotifyMessage, noticeSender } from '../outside/send.ts';
import { backoffSeconds } from './queue-consumer.ts';
import { httpSmsProvider, type SmsProvider } from './sms.ts';
import { type Transport, transportFor } from './transports/index.ts';

function isNotifyMessage(body: unknown): body is NotifyMessage {
  const kind = (body as { kind?: unknown } | null)?.kind;
  return (kind === 'email' || kind === 'sms') && typeof (body as { to?: unknown }).to === 'string';
}

/** The RFC 5322 form of a notice email (plain text, never health content). */
export function noticeRaw(env: Bindings, email: { to: string; subject: string; text: string }) {
  const message = createMimeMessage();
  message.setSender({ name: 'Pli', addr: noticeSender(env) });
  message.setTo(email.to);
  message.setSubject(email.subject);
  message.setHeader('Auto-Submitted', 'auto-generated');
  message.addMessage({ contentType: 'text/plain', data: email.text });
  return new TextEncoder().encode(message.asRaw());
}

/**
 * `pli-notify`: notices outside the trust space (one-time codes, new-mail notices), queued
 * by `server/outside/send.ts` outside development. Emails go through the outbound
 * transport, SMS through the HTTP SMS provider; failures are retried with backoff, and a
 * permanent refusal is dropped (logged without the recipient).
 */
export async function consumeNotify(
  batch: MessageBatch<unknown>,
  env: Bindings,
  ways?: { transport?: Transport; sms?: SmsProvider },
) {
  for (const message of batch.messages) {
    const body = message.body;
    if (!isNotifyMessage(body)) {
      message.ack();
      continue;
    }
    try {
      let result: { ok: true } | { ok: false; permanent: boolean };
      if (body.kind === 'email') {
        const transport = ways?.transport ?? transportFor(env);
        result = await transport.send({
          mailFrom: noticeSender(env),
          rcptTo: [body.to],
          raw: noticeRaw(env, body),
        });
      } else {
        result = await (ways?.sms ?? httpSmsProvider(env)).send(body);
      }
      if (result.ok) message.ack();
      else if (result.permanent) {
        console.warn(JSON.stringify({ level: 'warn', event: 'notice_refused', kind: body.kind }));
        message.ack();
      } else message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    } catch {
      message.retry({ delaySeconds: backoffSeconds(message.attempts) });
    }
  }
}
