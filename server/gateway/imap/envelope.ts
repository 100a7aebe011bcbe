/**
 * ENVELOPE (RFC 9051 section 7.5.2): of a stored email from its JMAP properties (no
 * download), of an enclosed message/rfc822 from its raw header.
 */
import { fieldOf, type MimePart } from './mime.ts';
import { binaryStr, type ImapNode, str } from './protocol.ts';

interface JmapAddress {
  name: string | null;
  email: string;
}

/** The JMAP properties ENVELOPE needs. */
export const ENVELOPE_PROPERTIES = [
  'sentAt',
  'subject',
  'from',
  'sender',
  'replyTo',
  'to',
  'cc',
  'bcc',
  'inReplyTo',
  'messageId',
];

/** A header value for IMAP: non-ASCII text as an RFC 2047 encoded word. */
function encoded(value: string | null | undefined): ImapNode {
  if (value === null || value === undefined) return null;
  if (/^[\x20-\x7e]*$/.test(value)) return str(value);
  return str(`=?utf-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`);
}

function addressList(list: JmapAddress[] | null | undefined): ImapNode {
  if (!list || list.length === 0) return null;
  return list.map((a) => {
    const at = a.email.lastIndexOf('@');
    const mailbox = at === -1 ? a.email : a.email.slice(0, at);
    const host = at === -1 ? null : a.email.slice(at + 1);
    return [encoded(a.name || null), null, str(mailbox), str(host)];
  });
}

const ids = (list: string[] | null | undefined): string | null =>
  list && list.length > 0 ? list.map((id) => `<${id}>`).join(' ') : null;

/** RFC 5322 date-time of an ISO date (UTC), as Date headers are written. */
export function rfc5322Date(iso: string): string {
  return new Date(iso).toUTCString().replace('GMT', '+0000');
}

export function envelopeOfEmail(email: Record<string, unknown>): ImapNode[] {
  const from = email.from as JmapAddress[] | null;
  const sender = (email.sender as JmapAddress[] | null) ?? from;
  const replyTo = (email.replyTo as JmapAddress[] | null) ?? from;
  const sentAt = email.sentAt as string | null;
  return [
    str(sentAt ? rfc5322Date(sentAt) : null),
    encoded(email.subject as string | null),
    addressList(from),
    addressList(sender),
    addressList(replyTo),
    addressList(email.to as JmapAddress[] | null),
    addressList(email.cc as JmapAddress[] | null),
    addressList(email.bcc as JmapAddress[] | null),
    str(ids(email.inReplyTo as string[] | null)),
    str(ids(email.messageId as string[] | null)),
  ];
}

/** Addresses of a raw header value (`"Name" <a@b>, c@d`); groups are flattened. */
function rawAddresses(value: string | null): ImapNode {
  if (!value) return null;
  const items: string[] = [];
  let current = '';
  let quoted = false;
  let angle = 0;
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i] as string;
    if (c === '\\' && quoted) {
      current += c + (value[i + 1] ?? '');
      i += 1;
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === '<') angle += 1;
    else if (!quoted && c === '>') angle = Math.max(0, angle - 1);
    if (!quoted && angle === 0 && (c === ',' || c === ';' || c === ':')) {
      if (c !== ':') items.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  items.push(current);
  const out = items
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const angled = /^(.*)<([^>]*)>\s*$/.exec(item);
      const email = (angled ? angled[2] : item)?.trim() ?? '';
      const name = angled?.[1]?.trim().replace(/^"(.*)"$/, '$1') || null;
      const at = email.lastIndexOf('@');
      return [
        binaryStr(name),
        null,
        binaryStr(at === -1 ? email : email.slice(0, at)),
        binaryStr(at === -1 ? null : email.slice(at + 1)),
      ];
    });
  return out.length > 0 ? out : null;
}

export function envelopeOfHeader(message: MimePart): ImapNode[] {
  const from = fieldOf(message, 'from');
  return [
    binaryStr(fieldOf(message, 'date')),
    binaryStr(fieldOf(message, 'subject')),
    rawAddresses(from),
    rawAddresses(fieldOf(message, 'sender') ?? from),
    rawAddresses(fieldOf(message, 'reply-to') ?? from),
    rawAddresses(fieldOf(message, 'to')),
    rawAddresses(fieldOf(message, 'cc')),
    rawAddresses(fieldOf(message, 'bcc')),
    binaryStr(fieldOf(message, 'in-reply-to')),
    binaryStr(fieldOf(message, 'message-id')),
  ];
}
