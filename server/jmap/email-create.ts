import { MAX_MIME_DEPTH } from '../../shared/mssante/limits.ts';
import { type ComposeAddress, type ComposeAttachment, composeMessage } from '../mail/compose.ts';
import { readAnyBlob } from '../mailbox/blobs.ts';
import { insertEmail } from '../mailbox/emails.ts';
import { type Args, CAPABILITIES, type MethodScope, resolveId } from './context.ts';
import { invalid, keywordsOfArg, mailboxIdsOf } from './email-args.ts';
import { createHeaders } from './email-create-headers.ts';
import { setError } from './errors.ts';

const CREATE_PROPERTIES = new Set([
  'mailboxIds',
  'keywords',
  'from',
  'to',
  'cc',
  'bcc',
  'replyTo',
  'subject',
  'sentAt',
  'inReplyTo',
  'references',
  'bodyValues',
  'textBody',
  'htmlBody',
  'attachments',
  'receivedAt',
  'mssReadReceipt',
  'mssNoReply',
  'bodyStructure',
]);

function addresses(value: unknown, property: string): ComposeAddress[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid([property]);
  return value.map((a) => {
    const email = typeof a?.email === 'string' ? a.email.trim() : '';
    if (!/^[^\s@<>]+@[^\s@<>]+$/.test(email)) throw invalid([property], 'Invalid address.');
    return { name: typeof a.name === 'string' && a.name ? a.name : null, email };
  });
}

function bodyText(create: Args, list: 'textBody' | 'htmlBody'): string | null {
  const parts = create[list];
  if (parts === undefined || parts === null) return null;
  if (!Array.isArray(parts) || parts.length !== 1) throw invalid([list], 'One part expected.');
  const partId = (parts[0] as Args).partId;
  const values = (create.bodyValues ?? {}) as Record<string, { value?: unknown }>;
  const value = typeof partId === 'string' ? values[partId]?.value : undefined;
  if (typeof value !== 'string') throw invalid(['bodyValues'], 'Missing body value.');
  return value;
}

async function attachmentsOf(scope: MethodScope, value: unknown): Promise<ComposeAttachment[]> {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(['attachments']);
  const out: ComposeAttachment[] = [];
  for (const item of value as Args[]) {
    const blob =
      typeof item.blobId === 'string'
        ? await readAnyBlob(scope.store, resolveId(scope, item.blobId))
        : null;
    if (!blob)
      throw setError('blobNotFound', 'Unknown attachment blob.', { notFound: [item.blobId] });
    out.push({
      name: typeof item.name === 'string' && item.name ? item.name : (blob.name ?? 'piece-jointe'),
      type:
        typeof item.type === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(item.type)
          ? item.type
          : blob.type,
      bytes: blob.bytes,
      inline: item.disposition === 'inline',
      cid: typeof item.cid === 'string' ? item.cid : null,
    });
  }
  return out;
}

/**
 * A create's `bodyStructure` flattened to what the composer builds: the first text/plain
 * and text/html leaves with a partId become the bodies; leaves with a blobId, attachments.
 */
function flattenStructure(object: Args): Args {
  const root = object.bodyStructure as Args | undefined;
  if (!root) return object;
  if (object.textBody || object.htmlBody || object.attachments) {
    throw invalid(['bodyStructure'], 'bodyStructure excludes textBody, htmlBody and attachments.');
  }
  const text: Args[] = [];
  const html: Args[] = [];
  const attachments: Args[] = [];
  const walk = (part: Args, depth: number) => {
    if (depth > MAX_MIME_DEPTH)
      throw invalid(['bodyStructure'], `Parts nest deeper than ${MAX_MIME_DEPTH} levels.`);
    if (Array.isArray(part.subParts)) {
      for (const sub of part.subParts as Args[]) walk(sub, depth + 1);
    } else if (typeof part.partId === 'string') {
      (part.type === 'text/html' ? html : text).push(part);
    } else if (typeof part.blobId === 'string') attachments.push(part);
    else throw invalid(['bodyStructure'], 'A leaf needs a partId or a blobId.');
  };
  walk(root, 0);
  const { bodyStructure: _, ...rest } = object;
  return {
    ...rest,
    ...(text[0] ? { textBody: [text[0]] } : {}),
    ...(html[0] ? { htmlBody: [html[0]] } : {}),
    attachments,
  };
}

/**
 * Email/set create: composes the message (mimetext), `header:` properties included, and
 * stores it within the quota.
 */
export async function createEmail(scope: MethodScope, given: Args): Promise<Args> {
  const { object: input, headers } = createHeaders(given);
  const object = flattenStructure(input);
  const bad = Object.keys(input).filter((k) => !CREATE_PROPERTIES.has(k));
  const privateUsed = Object.keys(object).some((k) => k.startsWith('mss'));
  if (privateUsed && !scope.ctx.using.includes(CAPABILITIES.mssante)) bad.push('mssReadReceipt');
  if (bad.length) throw invalid(bad);
  const mailboxIds = mailboxIdsOf(scope, object.mailboxIds);
  const keywords = keywordsOfArg(object.keywords);
  const identity = scope.store.one<{ name: string; email: string }>(
    'SELECT name, email FROM identities ORDER BY may_delete LIMIT 1',
  );
  const from =
    addresses(object.from, 'from')[0] ??
    (identity ? { name: identity.name || null, email: identity.email } : null);
  if (!from) throw invalid(['from']);
  const ids = (v: unknown, p: string) => {
    if (v === undefined || v === null) return null;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw invalid([p]);
    return v as string[];
  };
  const { raw } = composeMessage({
    from,
    sender: scope.ctx.sender ?? null,
    to: addresses(object.to, 'to'),
    cc: addresses(object.cc, 'cc'),
    replyTo: addresses(object.replyTo, 'replyTo'),
    subject: typeof object.subject === 'string' ? object.subject : '',
    text: bodyText(object, 'textBody'),
    html: bodyText(object, 'htmlBody'),
    attachments: await attachmentsOf(scope, object.attachments),
    inReplyTo: ids(object.inReplyTo, 'inReplyTo'),
    references: ids(object.references, 'references'),
    readReceipt: object.mssReadReceipt === true,
    noReply: object.mssNoReply === true,
    date:
      typeof object.sentAt === 'string' && Number.isFinite(Date.parse(object.sentAt))
        ? new Date(object.sentAt)
        : new Date(),
    headers,
  });
  const bcc = addresses(object.bcc, 'bcc');
  const result = await insertEmail(scope.store, {
    raw,
    mailboxIds,
    keywords,
    receivedAt:
      typeof object.receivedAt === 'string'
        ? Date.parse(object.receivedAt) || Date.now()
        : Date.now(),
    quotaBytes: scope.ctx.quotaBytes,
    bcc: bcc.length ? bcc : null,
  });
  if (!result.ok && result.reason === 'too_complex')
    throw setError('invalidProperties', `The message would be refused: ${result.description}`);
  if (!result.ok) throw setError('overQuota', 'The mailbox is full.');
  return {
    id: result.emailId,
    blobId: result.blobId,
    threadId: result.threadId,
    size: raw.byteLength,
  };
}
