import { env, exports } from 'cloudflare:workers';
import { deliverToBal } from '../../../server/delivery/mailbox-deliver.ts';
import type { DeliverResult } from '../../../server/mailbox/deliver-types.ts';
import { balQuotaBytes } from '../../../server/storage/bals.ts';
import { bearerToken, makeBal, makePerson } from './factories.ts';

export const USING = [
  'urn:ietf:params:jmap:core',
  'urn:ietf:params:jmap:mail',
  'urn:ietf:params:jmap:submission',
];

/** `USING` with the IMAP gateway's private capability (`shared/jmap/imap.ts`). */
export const IMAP_USING = [...USING, 'urn:pli:params:jmap:imap'];

let counter = 0;

/** A small RFC 5322 message, CRLF line ends. */
export function rawMessage(
  input: Partial<{
    from: string;
    to: string;
    subject: string;
    messageId: string;
    inReplyTo: string;
    references: string;
    body: string;
    headers: Record<string, string>;
  }> = {},
): Uint8Array<ArrayBuffer> {
  counter += 1;
  const lines = [
    `From: ${input.from ?? 'Dr Jean Dupont <jean.dupont@medecin.mssante.fr>'}`,
    `To: ${input.to ?? 'dest@medecin.pli.mssante.fr'}`,
    `Subject: ${input.subject ?? `Compte rendu ${counter}`}`,
    `Message-ID: <${input.messageId ?? `m${counter}.${crypto.randomUUID()}@medecin.mssante.fr`}>`,
    'Date: Sun, 22 Nov 2026 08:00:00 +0100',
    ...(input.inReplyTo ? [`In-Reply-To: <${input.inReplyTo}>`] : []),
    ...(input.references ? [`References: ${input.references}`] : []),
    ...Object.entries(input.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    input.body ?? 'Bonjour, voici le compte rendu.',
    '',
  ];
  return new TextEncoder().encode(lines.join('\r\n')) as Uint8Array<ArrayBuffer>;
}

/**
 * Delivers a raw message into a BAL's DO, as the transport does: hashed and parsed once,
 * with the BAL's quota as D1 holds it now.
 */
export async function deliver(
  balId: string,
  raw: Uint8Array,
  mailFrom = 'jean.dupont@medecin.mssante.fr',
  rcptTo = 'dest@medecin.pli.mssante.fr',
): Promise<DeliverResult> {
  const quotaBytes = (await balQuotaBytes(env.DB, balId)) ?? 0;
  return deliverToBal(env, { balId, raw, quotaBytes, mailFrom, rcptTo });
}

/** A plain-text draft from `from` in the `drafts` folder, as Email/set create takes it. */
export function plainDraft(drafts: string, from: string, fields: Record<string, unknown> = {}) {
  return {
    mailboxIds: { [drafts]: true },
    keywords: { $draft: true },
    from: [{ email: from }],
    bodyValues: { t: { value: 'Bonjour' } },
    textBody: [{ partId: 't', type: 'text/plain' }],
    ...fields,
  };
}

/** A holder with a BAL and a device token. */
export async function makeAccount(address?: string, quotaBytes?: number) {
  const person = await makePerson();
  const bal = await makeBal(person.idNat, address, quotaBytes);
  const token = await bearerToken(person.idNat);
  return { person, bal, token, accountId: bal.id };
}

/**
 * Creates a plain-text draft from `sender` to `to` and submits it, in one JMAP request, as
 * a client does. `fields` are more Email properties (`subject`, `mssReadReceipt`...).
 */
export async function submitDraft(
  sender: { token: string; accountId: string; bal: { address: string } },
  to: string[],
  fields: Record<string, unknown> = {},
  using: string[] = USING,
) {
  const { token, accountId, bal } = sender;
  const drafts = await roleId(token, accountId, 'drafts');
  const identity = result(await jmap(token, [['Identity/get', { accountId }, 'i']]), 'Identity/get')
    .list[0];
  return jmap(
    token,
    [
      [
        'Email/set',
        {
          accountId,
          create: {
            d: plainDraft(drafts, bal.address, {
              to: to.map((email) => ({ email })),
              subject: 'Avis',
              ...fields,
            }),
          },
        },
        'e',
      ],
      [
        'EmailSubmission/set',
        { accountId, create: { s: { identityId: identity.id, emailId: '#d' } } },
        's',
      ],
    ],
    using,
  );
}

/** A JMAP response value, read loosely by tests (their assertions check the shape). */
// biome-ignore lint/suspicious/noExplicitAny: responses are arbitrary JSON, checked by assertions.
export type Loose = any;

export type Invocation = [string, Record<string, Loose>, string];

/** Posts a JMAP request with a bearer token and returns the parsed body. */
export async function jmap(
  token: string,
  methodCalls: Invocation[],
  using: string[] = USING,
): Promise<{
  methodResponses: Invocation[];
  sessionState: string;
  createdIds?: Record<string, string>;
}> {
  const response = await exports.default.fetch('http://pli.test/jmap/api', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ using, methodCalls }),
  });
  if (response.status !== 200) throw new Error(`JMAP ${response.status}: ${await response.text()}`);
  return response.json();
}

/** The arguments of the first response of a method name (throws on an error response). */
export function result(body: { methodResponses: Invocation[] }, name: string, callId?: string) {
  const found = body.methodResponses.find((r) => r[0] === name && (!callId || r[2] === callId));
  if (!found) throw new Error(`no ${name} in ${JSON.stringify(body.methodResponses)}`);
  return found[1];
}

/** The id of the folder with a role. */
export async function roleId(token: string, accountId: string, role: string): Promise<string> {
  const body = await jmap(token, [['Mailbox/query', { accountId, filter: { role } }, 'r']]);
  return result(body, 'Mailbox/query').ids[0];
}

const CRLF = '\r\n';
const hostileHead = (subject: string) =>
  [
    'From: <dr.durand@chu-lyon-demo.mssante.fr>',
    'To: <claire.martin@medecin.pli.mssante.fr>',
    `Subject: ${subject}`,
    `Message-ID: <${crypto.randomUUID()}@test.mssante.fr>`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
  ].join(CRLF);

/** A message whose body nests `depth` multiparts around one text part. */
export function nestedMultipart(depth: number, subject = 'Imbriqué'): Uint8Array<ArrayBuffer> {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i++) {
    open += `Content-Type: multipart/mixed; boundary="b${i}x"${CRLF}${CRLF}--b${i}x${CRLF}`;
    close = `${CRLF}--b${i}x--${CRLF}${close}`;
  }
  const leaf = `Content-Type: text/plain; charset=utf-8${CRLF}${CRLF}Bonjour.`;
  return new TextEncoder().encode(`${hostileHead(subject)}${CRLF}${open}${leaf}${close}`);
}

/** A multipart/mixed message of `count` text parts. */
export function manyParts(count: number): Uint8Array<ArrayBuffer> {
  const parts = Array.from(
    { length: count },
    (_, i) => `--p${CRLF}Content-Type: text/plain${CRLF}${CRLF}Partie ${i}${CRLF}`,
  ).join('');
  return new TextEncoder().encode(
    `${hostileHead('Parties')}${CRLF}Content-Type: multipart/mixed; boundary="p"${CRLF}${CRLF}${parts}--p--${CRLF}`,
  );
}

/** A one-part message whose Subject header is `bytes` long. */
export function longSubject(bytes: number): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(
    `${hostileHead('S'.repeat(bytes))}${CRLF}Content-Type: text/plain${CRLF}${CRLF}Bonjour.${CRLF}`,
  );
}
