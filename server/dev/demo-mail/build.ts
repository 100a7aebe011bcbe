import { createMimeMessage } from 'mimetext/browser';
import { base64Lines, MSS_NIL } from '../../mail/compose.ts';
import type { DemoMessage } from './content.ts';

/**
 * The RFC 5322 form of a demo message, with the headers Pli itself would set. A `boundary`
 * makes the bytes reproducible (mimetext draws its boundaries at random otherwise).
 */
export function buildDemoMime(
  message: Omit<DemoMessage, 'to'>,
  to: { name: string; addr: string },
  boundary?: string,
): Uint8Array {
  const mime = createMimeMessage();
  if (boundary) {
    mime.boundaries = { mixed: `${boundary}m`, alt: `${boundary}a`, related: `${boundary}r` };
  }
  mime.setSender(message.from);
  mime.setTo([to]);
  mime.setSubject(message.subject);
  mime.setHeader('Message-ID', message.messageId);
  mime.setHeader('Date', message.date.toUTCString().replace('GMT', '+0000'));
  mime.setHeader('X-MSS-NIL', MSS_NIL);
  if (message.inReplyTo) mime.setHeader('In-Reply-To', message.inReplyTo);
  if (message.references) mime.setHeader('References', message.references.join(' '));
  for (const [name, value] of Object.entries(message.headers ?? {})) mime.setHeader(name, value);
  mime.addMessage({ contentType: 'text/plain', data: message.text });
  if (message.html) mime.addMessage({ contentType: 'text/html', data: message.html });
  for (const attachment of message.attachments ?? []) {
    mime.addAttachment({
      filename: attachment.filename,
      contentType: attachment.contentType,
      data: base64Lines(attachment.bytes),
    });
  }
  return new TextEncoder().encode(mime.asRaw());
}
