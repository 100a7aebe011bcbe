import { MSS_NIL } from '../mail/compose.ts';
import { boundary, rfc5322Date, wrapBase64 } from './mime-words.ts';

/** What differs between the reports Pli sends: a DSN (RFC 3464) or an MDN (RFC 8098). */
export interface ReportInput {
  /** Header values, already encoded (RFC 2047) where needed. */
  from: string;
  to: string;
  subject: string;
  date: Date;
  messageId: string;
  /** Message-ID of the reported message: the report is threaded under it. */
  originalId: string | null;
  reportType: 'delivery-status' | 'disposition-notification';
  /** The French text people read. */
  explanation: string;
  /** Lines of the machine-readable `message/<reportType>` part. */
  report: string[];
  /** The reported message's header section (`text/rfc822-headers`)… */
  originalHeaders: string;
  /** …or the whole message (`message/rfc822`), attached under this file name. */
  returned?: { raw: Uint8Array; name: string };
}

/**
 * `filename*` (RFC 2231, UTF-8) and an ASCII `filename` for older readers, e.g.
 * `filename="Resultats.eml"; filename*=utf-8''R%C3%A9sultats.eml`.
 */
export function fileNameParams(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `filename="${ascii}"; filename*=utf-8''${encoded}`;
}

/**
 * Builds a multipart/report (RFC 6522): the explanation, the machine-readable part and the
 * original headers; auto-submitted, with the MSSanté `X-MSS-NIL` header.
 *
 * @example
 * const raw = buildReport({ from, to, subject, date, messageId, originalId,
 *   reportType: 'delivery-status', explanation, report: ['Reporting-MTA: dns; x', ''], originalHeaders });
 */
export function buildReport(input: ReportInput): Uint8Array {
  const b = boundary();
  const thread = input.originalId
    ? [`In-Reply-To: ${input.originalId}`, `References: ${input.originalId}`]
    : [];
  const lines = [
    `From: ${input.from}`,
    `To: ${input.to}`,
    `Subject: ${input.subject}`,
    `Date: ${rfc5322Date(input.date)}`,
    `Message-ID: ${input.messageId}`,
    ...thread,
    'Auto-Submitted: auto-replied',
    `X-MSS-NIL: ${MSS_NIL}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=${input.reportType}; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    wrapBase64(input.explanation),
    `--${b}`,
    `Content-Type: message/${input.reportType}`,
    '',
    ...input.report,
  ];
  const encoder = new TextEncoder();
  if (input.returned) {
    const { raw, name } = input.returned;
    const head = [
      ...lines,
      `--${b}`,
      'Content-Type: message/rfc822',
      `Content-Disposition: attachment; ${fileNameParams(name)}`,
      ...(raw.some((byte) => byte >= 0x80) ? ['Content-Transfer-Encoding: 8bit'] : []),
      '',
      '',
    ];
    const tail = encoder.encode(`\r\n--${b}--\r\n`);
    const start = encoder.encode(head.join('\r\n'));
    const out = new Uint8Array(start.length + raw.length + tail.length);
    out.set(start);
    out.set(raw, start.length);
    out.set(tail, start.length + raw.length);
    return out;
  }
  lines.push(
    `--${b}`,
    'Content-Type: text/rfc822-headers',
    '',
    input.originalHeaders,
    `--${b}--`,
    '',
  );
  return encoder.encode(lines.join('\r\n'));
}
