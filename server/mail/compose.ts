import { createMimeMessage, Mailbox } from 'mimetext/browser';
import { MSS_NIL } from '../../shared/mssante/nil.ts';
import { base64 } from '../bytes.ts';
import { encodeWord } from '../delivery/mime-words.ts';

export { MSS_NIL };

export interface ComposeAddress {
  name: string | null;
  email: string;
}

export interface ComposeAttachment {
  name: string;
  type: string;
  bytes: Uint8Array;
  /** Shown inside the HTML (an image referenced by `cid:`). */
  inline?: boolean;
  cid?: string | null;
}

/** What a JMAP `Email/set` create asks for, resolved to values. */
export interface ComposeInput {
  from: ComposeAddress;
  /** Who wrote it for `from` (a delegate): the `Sender` field. */
  sender?: ComposeAddress | null;
  to: ComposeAddress[];
  cc: ComposeAddress[];
  replyTo: ComposeAddress[];
  subject: string;
  text: string | null;
  html: string | null;
  attachments: ComposeAttachment[];
  inReplyTo: string[] | null;
  references: string[] | null;
  /** Asks for a read receipt (`Disposition-Notification-To`). */
  readReceipt: boolean;
  /** Forbids a patient's reply (`X-MSS-MES: FIN`). */
  noReply: boolean;
  date: Date;
  /** More header fields, names and values as written (`header:` properties of a create). */
  headers?: { name: string; value: string }[];
}

const utf8 = new TextEncoder();

/** Base64 of a body part, a line break after every 76 characters (RFC 2045). */
export const base64Lines = (bytes: Uint8Array) => base64(bytes).replace(/.{76}/g, '$&\r\n');

/** A mimetext mailbox whose display name is RFC 2047 encoded instead of raw UTF-8. */
class EncodedMailbox extends Mailbox {
  override dump(): string {
    if (!this.name) return `<${this.addr}>`;
    const ascii = /^[\x20-\x7e]*$/.test(this.name);
    return ascii
      ? `"${this.name.replace(/["\\]/g, '\\$&')}" <${this.addr}>`
      : `${encodeWord(this.name)} <${this.addr}>`;
  }
}

const mailbox = (a: ComposeAddress) => new EncodedMailbox({ addr: a.email, name: a.name ?? '' });

/** A new Message-ID on the sender's domain. */
export function newMessageId(fromAddress: string): string {
  const domain = fromAddress.split('@')[1] ?? 'pli.invalid';
  return `${crypto.randomUUID()}@${domain}`;
}

/**
 * Builds the RFC 5322 message of a draft with mimetext: Message-ID, Date, In-Reply-To and
 * References, `Sender` for a delegate's mail, `X-MSS-NIL` always, `Disposition-Notification-To` when a read receipt is
 * asked, `X-MSS-MES: FIN` when replies are forbidden. Bcc is never written.
 */
export function composeMessage(input: ComposeInput): { raw: Uint8Array; messageId: string } {
  const msg = createMimeMessage();
  const messageId = newMessageId(input.from.email);
  msg.setHeader('From', mailbox(input.from));
  if (input.sender) msg.setHeader('Sender', mailbox(input.sender));
  if (input.to.length) msg.setHeader('To', input.to.map(mailbox));
  if (input.cc.length) msg.setHeader('Cc', input.cc.map(mailbox));
  if (input.replyTo.length) msg.setHeader('Reply-To', mailbox(input.replyTo[0] as ComposeAddress));
  msg.setSubject(input.subject);
  msg.setHeader('Message-ID', `<${messageId}>`);
  msg.setHeader('Date', input.date.toUTCString().replace(/GMT$/, '+0000'));
  if (input.inReplyTo?.length)
    msg.setHeader('In-Reply-To', input.inReplyTo.map((id) => `<${id}>`).join(' '));
  if (input.references?.length)
    msg.setHeader('References', input.references.map((id) => `<${id}>`).join(' '));
  msg.setHeader('X-MSS-NIL', MSS_NIL);
  if (input.readReceipt) msg.setHeader('Disposition-Notification-To', `<${input.from.email}>`);
  if (input.noReply) msg.setHeader('X-MSS-MES', 'FIN');
  // Each one a field of its own, a name given twice included (`header:…:all`).
  for (const { name, value } of input.headers ?? []) {
    msg.headers.setCustom({ name, value, custom: true, dump: (v: unknown) => String(v) });
  }
  const text = input.text ?? (input.html === null ? '' : null);
  if (text !== null) {
    msg.addMessage({
      contentType: 'text/plain',
      encoding: 'base64',
      data: base64Lines(utf8.encode(text)),
    });
  }
  if (input.html !== null) {
    msg.addMessage({
      contentType: 'text/html',
      encoding: 'base64',
      data: base64Lines(utf8.encode(input.html)),
    });
  }
  for (const file of input.attachments) {
    msg.addAttachment({
      filename: encodeWord(file.name).replace(/"/g, ''),
      contentType: file.type,
      data: base64Lines(file.bytes),
      inline: Boolean(file.inline),
      ...(file.cid ? { headers: { 'Content-ID': `<${file.cid}>` } } : {}),
    });
  }
  return { raw: utf8.encode(msg.asRaw()), messageId };
}
