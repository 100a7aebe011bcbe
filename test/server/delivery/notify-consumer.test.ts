import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import type { Bindings } from '../../../server/env.ts';
import { handleQueue } from '../../../server/handlers/queue.ts';
import type { NotifyMessage } from '../../../server/outside/send.ts';
import { relayedBytes, relayedTo, testPeers, textsTo } from '../support/peers.ts';

const production = (): Bindings => ({
  ...env,
  ENVIRONMENT: 'production',
  OUTBOUND_TRANSPORT: 'smtp',
  SMTP_HOST: '127.0.0.1',
  SMTP_PORT: String(testPeers().smtpPort),
  // The test relay offers no TLS, and `plain` is refused outside development: the email
  // test runs with ENVIRONMENT=development, and one test checks that refusal.
  SMTP_SECURITY: 'plain',
  SMTP_USERNAME: 'relay-user',
  SMTP_PASSWORD: 'relay-pass',
  SMS_API_URL: `${testPeers().httpUrl}/sms`,
  SMS_API_KEY: 'sms-key',
  SMS_SENDER: 'Pli',
});

async function consume(body: unknown, bindings: Bindings) {
  const batch = createMessageBatch('pli-notify', [
    { id: crypto.randomUUID(), timestamp: Date.now(), attempts: 1, body },
  ]);
  const ctx = createExecutionContext();
  await handleQueue(batch, bindings);
  return getQueueResult(batch, ctx);
}

describe('notify queue consumer', () => {
  it('sends a notice email through the transport', async () => {
    const to = `claire.${crypto.randomUUID().slice(0, 8)}@example.org`;
    const notice: NotifyMessage = {
      kind: 'email',
      to,
      subject: 'Code de connexion',
      text: 'Votre code : 123456',
    };
    const result = await consume(notice, { ...production(), ENVIRONMENT: 'development' });
    expect(result.explicitAcks).toHaveLength(1);
    const [mail] = await relayedTo(to);
    const parsed = await PostalMime.parse(relayedBytes(mail?.data ?? ''));
    expect(parsed.subject).toBe('Code de connexion');
    expect(parsed.text?.trim()).toBe('Votre code : 123456');
    expect(parsed.from?.address).toBe('ne-pas-repondre@pli.mssante.fr');
  });

  it('refuses an unencrypted relay outside development, keeping the notice', async () => {
    const notice: NotifyMessage = { kind: 'email', to: 'a@example.org', subject: 's', text: 't' };
    const result = await consume(notice, production());
    expect(result.retryMessages).toHaveLength(1);
  });

  it('sends an SMS through the HTTP provider with its key', async () => {
    const to = `+336${String(Date.now()).slice(-8, -3)}123`;
    const result = await consume({ kind: 'sms', to, text: 'Code : 654321' }, production());
    expect(result.explicitAcks).toHaveLength(1);
    expect(await textsTo(to)).toEqual([
      { authorization: 'Bearer sms-key', to, text: 'Code : 654321', sender: 'Pli' },
    ]);
  });

  it('retries when the SMS provider fails, and drops what it refuses for good', async () => {
    expect(
      (await consume({ kind: 'sms', to: '+33600000500', text: 'x' }, production())).retryMessages,
    ).toHaveLength(1);
    expect(
      (await consume({ kind: 'sms', to: '+33600000400', text: 'x' }, production())).explicitAcks,
    ).toHaveLength(1);
  });

  it('drops a malformed message', async () => {
    expect((await consume({ kind: 'fax' }, production())).explicitAcks).toHaveLength(1);
  });
});
