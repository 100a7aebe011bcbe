import { decodeBody, type MimeNode, parseMimeTree, type RawHeader } from '../mail/mime-tree.ts';
import {
  asAddresses,
  asDate,
  asGroupedAddresses,
  asMessageIds,
  asText,
  asURLs,
  bodyLists,
  type MessageSummary,
  partName,
  partText,
} from '../mail/parse.ts';
import type { Args } from './context.ts';
import { MethodError } from './errors.ts';

export const EMAIL_PROPERTIES = [
  'id',
  'blobId',
  'threadId',
  'mailboxIds',
  'keywords',
  'size',
  'receivedAt',
  'messageId',
  'inReplyTo',
  'references',
  'sender',
  'from',
  'to',
  'cc',
  'bcc',
  'replyTo',
  'subject',
  'sentAt',
  'hasAttachment',
  'preview',
  'bodyValues',
  'textBody',
  'htmlBody',
  'attachments',
  'bodyStructure',
  'headers',
  'mssReadReceipt',
  'mssNoReply',
] as const;

export const DEFAULT_EMAIL_PROPERTIES = EMAIL_PROPERTIES.filter(
  (p) => p !== 'bodyStructure' && p !== 'headers' && !p.startsWith('mss'),
);

export const BODY_PROPERTIES = [
  'partId',
  'blobId',
  'size',
  'headers',
  'name',
  'type',
  'charset',
  'disposition',
  'cid',
  'language',
  'location',
  'subParts',
];
export const DEFAULT_BODY_PROPERTIES = [
  'partId',
  'blobId',
  'size',
  'name',
  'type',
  'charset',
  'disposition',
  'cid',
  'language',
  'location',
];

/** Properties that need the raw message read and parsed. */
export const needsBody = (p: string) =>
  ['bodyValues', 'textBody', 'htmlBody', 'attachments', 'bodyStructure', 'headers'].includes(p) ||
  p.startsWith('header:');

/** The blob id of a part: the raw message's id and the partId (dots as dashes). */
export const partBlobId = (rawBlobId: string, partId: string) =>
  `${rawBlobId}_${partId.replace(/\./g, '-')}`;

/** Splits a part blob id back into the raw blob id and the partId. */
export function splitBlobId(blobId: string): { raw: string; partId: string | null } {
  const [raw = '', part] = blobId.split('_');
  return { raw, partId: part ? part.replace(/-/g, '.') : null };
}

const FORMS = [
  'asRaw',
  'asText',
  'asAddresses',
  'asGroupedAddresses',
  'asMessageIds',
  'asDate',
  'asURLs',
];

/** Checks a `header:Name[:asForm][:all]` property and parses it. */
export function parseHeaderProperty(
  property: string,
): { name: string; form: string; all: boolean } | null {
  const parts = property.split(':');
  if (parts[0] !== 'header' || !parts[1]) return null;
  let all = false;
  if (parts[parts.length - 1] === 'all') {
    all = true;
    parts.pop();
  }
  const form = parts[2] ?? 'asRaw';
  if (parts.length > 3 || !FORMS.includes(form)) return null;
  return { name: parts[1], form, all };
}

function headerForm(value: string, form: string): unknown {
  switch (form) {
    case 'asText':
      return asText(value);
    case 'asAddresses':
      return asAddresses(value);
    case 'asGroupedAddresses':
      return asGroupedAddresses(value);
    case 'asMessageIds':
      return asMessageIds(value);
    case 'asDate':
      return asDate(value);
    case 'asURLs':
      return asURLs(value);
    default:
      return ` ${value}`;
  }
}

/** The value of a header property over a list of header fields. */
export function headerProperty(headers: RawHeader[], property: string): unknown {
  const parsed = parseHeaderProperty(property);
  if (!parsed) throw new MethodError('invalidArguments', `Unknown property: ${property}`);
  const values = headers
    .filter((h) => h.name.toLowerCase() === parsed.name.toLowerCase())
    .map((h) => headerForm(h.value, parsed.form));
  return parsed.all ? values : values.length ? values[values.length - 1] : null;
}

function bodyPart(node: MimeNode, rawBlobId: string, properties: string[]): Args {
  const out: Args = {};
  for (const p of properties) {
    if (p === 'partId') out.partId = node.partId;
    else if (p === 'blobId') out.blobId = node.partId ? partBlobId(rawBlobId, node.partId) : null;
    else if (p === 'size') out.size = node.partId ? decodeBody(node).byteLength : 0;
    else if (p === 'headers')
      out.headers = node.headers.map((h) => ({ name: h.name, value: ` ${h.value}` }));
    else if (p === 'name') out.name = partName(node);
    else if (p === 'type') out.type = node.type;
    else if (p === 'charset')
      out.charset = node.params.charset ?? (node.type.startsWith('text/') ? 'us-ascii' : null);
    else if (p === 'disposition') out.disposition = node.disposition;
    else if (p === 'cid') {
      const cid = node.headers.find((h) => h.name.toLowerCase() === 'content-id')?.value;
      out.cid = cid ? cid.replace(/^<|>$/g, '').trim() : null;
    } else if (p === 'language') {
      const lang = node.headers.find((h) => h.name.toLowerCase() === 'content-language')?.value;
      out.language = lang ? lang.split(',').map((l) => l.trim()) : null;
    } else if (p === 'location')
      out.location =
        node.headers.find((h) => h.name.toLowerCase() === 'content-location')?.value ?? null;
    else if (p === 'subParts')
      out.subParts = node.partId
        ? null
        : node.subParts.map((s) => bodyPart(s, rawBlobId, properties));
    else if (p.startsWith('header:')) out[p] = headerProperty(node.headers, p);
  }
  return out;
}

function bodyValue(node: MimeNode, maxBytes: number): Args {
  let value = node.type === 'text/html' || node.type.startsWith('text/') ? partText(node) : '';
  let isTruncated = false;
  if (maxBytes > 0 && new TextEncoder().encode(value).byteLength > maxBytes) {
    value = new TextDecoder()
      .decode(new TextEncoder().encode(value).slice(0, maxBytes))
      .replace(/\uFFFD$/, '');
    isTruncated = true;
  }
  return { value, isEncodingProblem: false, isTruncated };
}

/** The Email properties that come from the parsed message (body, headers). */
export function bodyProperties(
  raw: Uint8Array,
  rawBlobId: string,
  properties: string[],
  args: Args,
): Args {
  const root = parseMimeTree(raw);
  const lists = bodyLists(root);
  const partProps = (args.bodyProperties as string[] | undefined) ?? DEFAULT_BODY_PROPERTIES;
  const out: Args = {};
  for (const p of properties) {
    if (p === 'bodyStructure')
      out.bodyStructure = bodyPart(root, rawBlobId, [...partProps, 'subParts']);
    else if (p === 'textBody' || p === 'htmlBody' || p === 'attachments') {
      out[p] = lists[p].map((n) => bodyPart(n, rawBlobId, partProps));
    } else if (p === 'headers')
      out.headers = root.headers.map((h) => ({ name: h.name, value: ` ${h.value}` }));
    else if (p.startsWith('header:')) out[p] = headerProperty(root.headers, p);
    else if (p === 'bodyValues') {
      const maxBytes = typeof args.maxBodyValueBytes === 'number' ? args.maxBodyValueBytes : 0;
      const chosen = new Map<string, MimeNode>();
      const add = (list: MimeNode[]) => {
        for (const n of list) if (n.partId && n.type.startsWith('text/')) chosen.set(n.partId, n);
      };
      if (args.fetchAllBodyValues) {
        add(lists.textBody);
        add(lists.htmlBody);
      }
      if (args.fetchTextBodyValues) add(lists.textBody);
      if (args.fetchHTMLBodyValues) add(lists.htmlBody);
      const values: Args = {};
      for (const [id, node] of chosen) values[id] = bodyValue(node, maxBytes);
      out.bodyValues = values;
    }
  }
  return out;
}

/** The Email properties kept in the store's summary. */
export function summaryProperties(summary: Omit<MessageSummary, 'searchText'>): Args {
  return {
    messageId: summary.messageId,
    inReplyTo: summary.inReplyTo,
    references: summary.references,
    sender: summary.sender,
    from: summary.from,
    to: summary.to,
    cc: summary.cc,
    bcc: summary.bcc,
    replyTo: summary.replyTo,
    subject: summary.subject,
    sentAt: summary.sentAt,
    hasAttachment: summary.hasAttachment,
    preview: summary.preview,
    mssReadReceipt: summary.wantsReceipt,
    mssNoReply: (summary.mssMes ?? '').trim().toUpperCase() === 'FIN',
  };
}
