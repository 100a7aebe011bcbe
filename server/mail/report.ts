import { normaliseAddress } from '../../shared/mssante/address.ts';
import { decodeBody, headerValue, leaves, type MimeNode, parseHeaderBlock } from './mime-tree.ts';

/** How much of a returned message is read for its header section. */
const RETURNED_HEADER_BYTES = 64 * 1024;

/** What one recipient block of a delivery or read report says. */
export interface ReportedRecipient {
  /** The recipient's address (`Final-Recipient`), normalised. */
  address: string;
  /** DSN `Action` (failed, delayed, delivered, relayed, expanded) or MDN disposition type. */
  action: string;
  /** DSN enhanced status code (RFC 3463), e.g. `5.1.1`; null in an MDN. */
  status: string | null;
  /** DSN `Diagnostic-Code` without its type, e.g. `550 5.1.1 Unknown user`. */
  diagnostic: string | null;
}

/**
 * A received delivery status notification (RFC 3464) or message disposition notification
 * (RFC 8098), reduced to what delivery tracking needs: which sent message it is about and
 * what it says of each recipient.
 */
export interface DeliveryReport {
  kind: 'dsn' | 'mdn';
  /** Message-ID (without angle brackets) of the message reported on. */
  originalMessageId: string;
  recipients: ReportedRecipient[];
}

const REPORT_PARTS: Record<string, DeliveryReport['kind']> = {
  'message/delivery-status': 'dsn',
  'message/global-delivery-status': 'dsn',
  'message/disposition-notification': 'mdn',
  'message/global-disposition-notification': 'mdn',
};

/** The field blocks of a report part (separated by blank lines), as header lists. */
function fieldBlocks(text: string) {
  return text
    .split(/\r?\n[ \t]*\r?\n/)
    .map((block) => block.trim())
    .filter((block) => block.length > 0)
    .map((block) => parseHeaderBlock(`${block}\r\n`));
}

/** `rfc822; someone@example.org` → the normalised address, or null. */
function addressField(value: string | undefined): string | null {
  if (!value) return null;
  const address = value.includes(';') ? value.slice(value.indexOf(';') + 1) : value;
  return normaliseAddress(address.trim().replace(/^<|>$/g, ''));
}

/** The first `<id>` of a Message-ID field, without its brackets. */
function messageIdOf(value: string | undefined): string | null {
  const match = value ? /<([^<>\s]+)>/.exec(value) : null;
  return match?.[1] ?? null;
}

/** Message-ID of the reported message, from the returned headers or message. */
function returnedMessageId(root: MimeNode): string | null {
  for (const leaf of leaves(root)) {
    const returned =
      leaf.type === 'text/rfc822-headers'
        ? leaf.body
        : leaf.type === 'message/rfc822' || leaf.type === 'message/global'
          ? decodeBody(leaf, RETURNED_HEADER_BYTES)
          : null;
    if (!returned) continue;
    const [head = ''] = new TextDecoder('utf-8').decode(returned).split(/\r?\n\r?\n/, 1);
    const id = messageIdOf(headerValue(parseHeaderBlock(head), 'Message-ID'));
    if (id) return id;
  }
  return null;
}

/**
 * The delivery report a received message is, or null when it is none: a
 * `multipart/report` with a delivery-status or disposition-notification part. The reported
 * message is named by the MDN's `Original-Message-ID`, else by the returned headers, else
 * by the report's own `In-Reply-To`.
 *
 * @example
 * const report = parseReport(parseMessage(raw).root);
 * if (report?.kind === 'mdn') markRead(report.originalMessageId, report.recipients);
 */
export function parseReport(root: MimeNode): DeliveryReport | null {
  if (root.type !== 'multipart/report') return null;
  const part = leaves(root).find((leaf) => REPORT_PARTS[leaf.type]);
  const kind = part ? REPORT_PARTS[part.type] : undefined;
  if (!part || !kind) return null;
  const [perMessage, ...perRecipient] = fieldBlocks(new TextDecoder('utf-8').decode(part.body));
  if (!perMessage) return null;
  const blocks = kind === 'mdn' ? [perMessage] : perRecipient;
  const recipients: ReportedRecipient[] = [];
  for (const fields of blocks) {
    const address =
      addressField(headerValue(fields, 'Final-Recipient')) ??
      addressField(headerValue(fields, 'Original-Recipient'));
    if (!address) continue;
    const disposition = headerValue(fields, 'Disposition') ?? '';
    const diagnostic = headerValue(fields, 'Diagnostic-Code');
    recipients.push({
      address,
      action:
        kind === 'mdn'
          ? (disposition.split(';')[1]?.trim().split(/[\s/]/)[0]?.toLowerCase() ?? '')
          : (headerValue(fields, 'Action') ?? '').trim().toLowerCase(),
      status: kind === 'dsn' ? (headerValue(fields, 'Status')?.trim() ?? null) : null,
      diagnostic: diagnostic
        ? diagnostic
            .slice(diagnostic.indexOf(';') + 1)
            .replace(/\s+/g, ' ')
            .trim()
            .slice(0, 200)
        : null,
    });
  }
  const originalMessageId =
    (kind === 'mdn' ? messageIdOf(headerValue(perMessage, 'Original-Message-ID')) : null) ??
    returnedMessageId(root) ??
    messageIdOf(headerValue(root.headers, 'In-Reply-To'));
  if (!originalMessageId || recipients.length === 0) return null;
  return { kind, originalMessageId, recipients };
}
