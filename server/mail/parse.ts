import { addressParser, decodeWords } from 'postal-mime';
import { contentFacts } from '../../shared/rules/filing-rules.ts';
import {
  decodeBody,
  decodeText,
  headerValue,
  inspectMimeTree,
  type MimeNode,
  type MimeViolation,
  type RawHeader,
} from './mime-tree.ts';
import { type DeliveryReport, parseReport } from './report.ts';

/** A JMAP EmailAddress. */
export interface EmailAddress {
  name: string | null;
  email: string;
}

/** A JMAP EmailAddressGroup. */
export interface EmailAddressGroup {
  name: string | null;
  addresses: EmailAddress[];
}

/** What the store keeps of a message for lists, threading, search and rules. */
export interface MessageSummary {
  messageId: string[] | null;
  inReplyTo: string[] | null;
  references: string[] | null;
  sender: EmailAddress[] | null;
  from: EmailAddress[] | null;
  to: EmailAddress[] | null;
  cc: EmailAddress[] | null;
  bcc: EmailAddress[] | null;
  replyTo: EmailAddress[] | null;
  subject: string | null;
  sentAt: string | null;
  preview: string;
  hasAttachment: boolean;
  /** Plain text of the body parts, for text search (capped). */
  searchText: string;
  /** Value of X-MSS-MES, if any. */
  mssMes: string | null;
  /** The message asks for a read receipt (Disposition-Notification-To). */
  wantsReceipt: boolean;
  /** What the message reports, when it is a DSN or an MDN (absent in older rows). */
  report?: DeliveryReport | null;
  /** It carries a structured document (IHE XDM, CDA codes); absent in older rows. */
  structuredDocument?: boolean;
  /** It is a lab report (filing rules' `labResult`); absent in older rows. */
  labResult?: boolean;
}

/** The three body lists of RFC 8621 section 4.1.4. */
export interface BodyLists {
  textBody: MimeNode[];
  htmlBody: MimeNode[];
  attachments: MimeNode[];
}

const SEARCH_TEXT_LIMIT = 64 * 1024;
/**
 * How much of each text part is decoded for the preview and the search text: enough for
 * SEARCH_TEXT_LIMIT characters in any charset, with room for HTML markup, so that the work
 * stays proportional to the text indexed, not to the part's size.
 */
const TEXT_SOURCE_BYTES = 16 * SEARCH_TEXT_LIMIT;

/** The decoded text forms of RFC 8621 section 4.1.2. */
export function asText(raw: string): string {
  return decodeWords(raw.replace(/\r?\n[ \t]/g, ' ')).trim();
}

export function asAddresses(raw: string): EmailAddress[] {
  return asGroupedAddresses(raw).flatMap((g) => g.addresses);
}

export function asGroupedAddresses(raw: string): EmailAddressGroup[] {
  const groups: EmailAddressGroup[] = [];
  let loose: EmailAddressGroup | null = null;
  for (const item of addressParser(raw)) {
    if (item.group) {
      loose = null;
      groups.push({
        name: item.name || null,
        addresses: item.group.map((m) => ({ name: m.name || null, email: m.address })),
      });
    } else {
      if (!loose) {
        loose = { name: null, addresses: [] };
        groups.push(loose);
      }
      loose.addresses.push({ name: item.name || null, email: item.address });
    }
  }
  return groups;
}

export function asMessageIds(raw: string): string[] | null {
  const ids = [...raw.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] as string);
  if (ids.length === 0 && /^[^\s<>@]+@[^\s<>@]+$/.test(raw.trim())) return [raw.trim()];
  return ids.length > 0 ? ids : null;
}

export function asDate(raw: string): string | null {
  const time = Date.parse(raw.replace(/\([^)]*\)/g, '').trim());
  return Number.isFinite(time) ? new Date(time).toISOString().replace('.000Z', 'Z') : null;
}

export function asURLs(raw: string): string[] | null {
  const urls = [...raw.matchAll(/<([^<>]+)>/g)].map((m) => (m[1] as string).trim());
  return urls.length > 0 ? urls : null;
}

function addressesOf(headers: RawHeader[], name: string): EmailAddress[] | null {
  const value = headerValue(headers, name);
  return value === undefined ? null : asAddresses(value);
}

function idsOf(headers: RawHeader[], name: string): string[] | null {
  const value = headerValue(headers, name);
  return value === undefined ? null : asMessageIds(value);
}

/** The decoded text of a text leaf; with `maxBytes`, of its first `maxBytes` decoded bytes. */
export function partText(node: MimeNode, maxBytes?: number): string {
  return decodeText(decodeBody(node, maxBytes), node.params.charset);
}

/** A leaf's file name (Content-Disposition filename, else Content-Type name), decoded. */
export function partName(node: MimeNode): string | null {
  const name = node.dispositionParams.filename ?? node.params.name;
  return name ? decodeWords(name) : null;
}

/** Crude HTML to text for previews and search; never used for display. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<br\s*\/?>|<\/p>|<\/div>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

const isInlineMedia = (type: string) =>
  type.startsWith('image/') || type.startsWith('audio/') || type.startsWith('video/');

/** RFC 8621 section 4.1.4: the textBody, htmlBody and attachments of a tree. */
export function bodyLists(root: MimeNode): BodyLists {
  const lists: BodyLists = { textBody: [], htmlBody: [], attachments: [] };
  walk([root], 'mixed', false, lists.htmlBody, lists.textBody, lists.attachments);
  return lists;
}

function walk(
  parts: MimeNode[],
  multipartType: string,
  inAlternative: boolean,
  htmlBody: MimeNode[] | null,
  textBody: MimeNode[] | null,
  attachments: MimeNode[],
) {
  const isAlternative = multipartType === 'alternative';
  const textLength = textBody ? textBody.length : -1;
  const htmlLength = htmlBody ? htmlBody.length : -1;
  parts.forEach((part, i) => {
    const isMultipart = part.type.startsWith('multipart/');
    const isInline =
      part.disposition !== 'attachment' &&
      (part.type === 'text/plain' || part.type === 'text/html' || isInlineMedia(part.type)) &&
      (i === 0 || (multipartType !== 'related' && (isInlineMedia(part.type) || !partName(part))));
    if (isMultipart) {
      const subType = part.type.split('/')[1] as string;
      walk(
        part.subParts,
        subType,
        inAlternative || subType === 'alternative',
        htmlBody,
        textBody,
        attachments,
      );
    } else if (isInline) {
      if (multipartType === 'alternative') {
        if (part.type === 'text/plain') textBody?.push(part);
        else if (part.type === 'text/html') htmlBody?.push(part);
        else attachments.push(part);
        return;
      }
      if (inAlternative) {
        if (part.type === 'text/plain') htmlBody = null;
        if (part.type === 'text/html') textBody = null;
      }
      textBody?.push(part);
      htmlBody?.push(part);
      if ((!textBody || !htmlBody) && isInlineMedia(part.type)) attachments.push(part);
    } else {
      attachments.push(part);
    }
  });
  if (isAlternative && textBody && htmlBody) {
    if (textLength === textBody.length && htmlLength !== htmlBody.length) {
      textBody.push(...htmlBody.slice(htmlLength));
    }
    if (htmlLength === htmlBody.length && textLength !== textBody.length) {
      htmlBody.push(...textBody.slice(textLength));
    }
  }
}

/** A short plain-text preview (at most 256 characters) of the text body. */
function previewOf(lists: BodyLists): { preview: string; text: string } {
  const texts: string[] = [];
  let size = 0;
  const source = lists.textBody.length > 0 ? lists.textBody : lists.htmlBody;
  for (const part of source) {
    if (size > SEARCH_TEXT_LIMIT) break;
    if (!part.type.startsWith('text/')) continue;
    const text = partText(part, TEXT_SOURCE_BYTES);
    const value = part.type === 'text/html' ? htmlToText(text) : text;
    texts.push(value);
    size += value.length;
  }
  const text = texts.join('\n').slice(0, SEARCH_TEXT_LIMIT);
  return { preview: text.replace(/\s+/g, ' ').trim().slice(0, 256), text };
}

/**
 * Whether a parsed blob is an RFC 5322 message: its header section names an originator
 * (`From`). Plain text, a PDF or random bytes parse to no such field.
 */
export function isMessage(root: MimeNode): boolean {
  return headerValue(root.headers, 'From') !== undefined;
}

/**
 * Parses a raw message into its tree and the summary the store keeps, and says which limit
 * of `shared/mssante/limits.ts` it is over, if any (such a message must not be stored).
 */
export function parseMessage(raw: Uint8Array): {
  root: MimeNode;
  summary: MessageSummary;
  violation: MimeViolation | null;
} {
  const { root, violation } = inspectMimeTree(raw);
  const h = root.headers;
  const lists = bodyLists(root);
  const { preview, text } = previewOf(lists);
  const subject = headerValue(h, 'Subject');
  const date = headerValue(h, 'Date');
  const content = contentFacts({
    attachmentNames: lists.attachments.map(partName).filter((n): n is string => n !== null),
    codeCda: headerValue(h, 'X-MSS-CODECDA') ?? null,
    text,
  });
  return {
    root,
    violation,
    summary: {
      messageId: idsOf(h, 'Message-ID'),
      inReplyTo: idsOf(h, 'In-Reply-To'),
      references: idsOf(h, 'References'),
      sender: addressesOf(h, 'Sender'),
      from: addressesOf(h, 'From'),
      to: addressesOf(h, 'To'),
      cc: addressesOf(h, 'Cc'),
      bcc: addressesOf(h, 'Bcc'),
      replyTo: addressesOf(h, 'Reply-To'),
      subject: subject === undefined ? null : asText(subject),
      sentAt: date === undefined ? null : asDate(date),
      preview,
      hasAttachment: lists.attachments.some((p) => p.disposition === 'attachment' || partName(p)),
      searchText: text,
      mssMes: headerValue(h, 'X-MSS-MES') ?? null,
      wantsReceipt: headerValue(h, 'Disposition-Notification-To') !== undefined,
      report: parseReport(root),
      ...content,
    },
  };
}
