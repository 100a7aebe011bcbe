import { env } from 'cloudflare:workers';
import { signInbound } from '../../../server/delivery/inbound-signature.ts';
import { INBOUND_HEADERS } from '../../../shared/mssante/inbound.ts';

/** A small plain-text RFC 5322 message. */
export function rawMail(input: {
  from: string;
  to: string | string[];
  subject?: string;
  body?: string;
  messageId?: string;
  headers?: Record<string, string>;
}): Uint8Array<ArrayBuffer> {
  const to = Array.isArray(input.to) ? input.to : [input.to];
  const lines = [
    `From: <${input.from}>`,
    `To: ${to.map((t) => `<${t}>`).join(', ')}`,
    `Subject: ${input.subject ?? 'Courrier de test'}`,
    `Message-ID: ${input.messageId ?? `<${crypto.randomUUID()}@test.mssante.fr>`}`,
    `Date: ${new Date().toUTCString()}`,
    ...Object.entries(input.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    input.body ?? 'Bonjour,\r\nCordialement.',
    '',
  ];
  return new TextEncoder().encode(lines.join('\r\n'));
}

/** Puts domains on the whitelist, as an import would. */
export async function whitelistDomains(...domains: string[]) {
  await env.DB.batch(
    domains.map((name) =>
      env.DB.prepare('INSERT INTO whitelist_domains (name, import_id) VALUES (?, 0)').bind(name),
    ),
  );
}

/** A `POST /inbound` request signed as the relay signs it. */
export async function signedInbound(
  raw: Uint8Array<ArrayBuffer>,
  envelope: { mailFrom: string; rcptTo: string[] },
  options: { secret?: string; timestamp?: number } = {},
): Promise<Request> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const rcptTo = envelope.rcptTo.join(',');
  const signature = await signInbound(options.secret ?? env.INBOUND_HMAC_SECRET ?? '', {
    timestamp,
    mailFrom: envelope.mailFrom,
    rcptTo,
    body: raw,
  });
  return new Request('http://pli.test/inbound', {
    method: 'POST',
    headers: {
      [INBOUND_HEADERS.timestamp]: timestamp,
      [INBOUND_HEADERS.mailFrom]: envelope.mailFrom,
      [INBOUND_HEADERS.rcptTo]: rcptTo,
      [INBOUND_HEADERS.signature]: signature,
      'content-type': 'message/rfc822',
    },
    body: raw,
  });
}

/** Bytes stored in a BAL's mailbox. */
export function usedBytes(balId: string): Promise<number> {
  return env.MAILBOX.get(env.MAILBOX.idFromName(balId)).usedBytes();
}

/**
 * A delivery or read report as another operator's server writes it (Postfix's layout for a
 * DSN, RFC 8098 for an MDN), about the message `originalId` (with its angle brackets).
 */
export function reportMail(input: {
  kind: 'dsn' | 'mdn';
  from: string;
  to: string;
  finalRecipient: string;
  originalId: string;
  action?: string;
  status?: string;
  diagnostic?: string;
}): Uint8Array<ArrayBuffer> {
  const type = input.kind === 'dsn' ? 'delivery-status' : 'disposition-notification';
  const machine =
    input.kind === 'dsn'
      ? [
          'Reporting-MTA: dns; mx.chu-lyon-demo.mssante.fr',
          'X-Postfix-Queue-ID: 4ABC123',
          '',
          `Final-Recipient: rfc822; ${input.finalRecipient}`,
          `Original-Recipient: rfc822;${input.finalRecipient}`,
          `Action: ${input.action ?? 'failed'}`,
          `Status: ${input.status ?? '5.1.1'}`,
          `Remote-MTA: dns; mailstore.chu-lyon-demo.mssante.fr`,
          `Diagnostic-Code: smtp; ${input.diagnostic ?? '550 5.1.1 <x>: Recipient address rejected'}`,
        ]
      : [
          'Reporting-UA: mail.chu-lyon-demo.mssante.fr; Webmail',
          `Final-Recipient: rfc822;${input.finalRecipient}`,
          `Original-Message-ID: ${input.originalId}`,
          `Disposition: manual-action/MDN-sent-manually; ${input.action ?? 'displayed'}`,
        ];
  const lines = [
    `From: <${input.from}>`,
    `To: <${input.to}>`,
    'Subject: Undelivered Mail Returned to Sender',
    `Message-ID: <${crypto.randomUUID()}@chu-lyon-demo.mssante.fr>`,
    `Date: ${new Date().toUTCString()}`,
    'Auto-Submitted: auto-replied',
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=${type}; boundary="b1"`,
    '',
    '--b1',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This is the mail system.',
    '--b1',
    `Content-Type: message/${type}`,
    '',
    ...machine,
    '',
    '--b1',
    'Content-Type: text/rfc822-headers',
    '',
    `Message-ID: ${input.originalId}`,
    'Subject: Avis',
    '',
    '--b1--',
    '',
  ];
  return new TextEncoder().encode(lines.join('\r\n'));
}
