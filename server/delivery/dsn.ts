import { headerValue, parseHeaderBlock } from '../mail/mime-tree.ts';
import { asText } from '../mail/parse.ts';
import { encodeWord, rfc5322Date } from './mime-words.ts';
import { headerSection } from './raw-headers.ts';
import { buildReport } from './report-message.ts';

/** One recipient a message could not reach, as a DSN reports it (RFC 3464). */
export interface FailedRecipient {
  address: string;
  /** Enhanced status code (RFC 3463), e.g. `5.1.1`. */
  status: string;
  /** The SMTP reply or an equivalent, e.g. `550 5.1.1 Unknown recipient`. */
  diagnostic: string;
}

/** The reasons Pli itself knows, with their status and a French explanation. */
export const FAILURE_REASONS = {
  unknown_recipient: { status: '5.1.1', text: 'Adresse inconnue chez Pli.' },
  over_quota: { status: '5.2.2', text: 'La boîte du destinataire est pleine.' },
  patient_cannot_start: {
    status: '5.7.1',
    text: 'Un patient ne peut pas ouvrir une conversation.',
  },
  patient_conversation_closed: {
    status: '5.7.1',
    text: 'La conversation a été close par le professionnel.',
  },
  too_large: { status: '5.3.4', text: 'Le message dépasse 25 Mio.' },
  too_complex: {
    status: '5.6.0',
    text: 'La structure du message dépasse les limites (imbrication, nombre de parties ou taille des en-têtes).',
  },
  expired: {
    status: '4.4.7',
    text: 'Le serveur du destinataire ne répond pas ; remise abandonnée.',
  },
} as const;

export type FailureReason = keyof typeof FAILURE_REASONS;

/**
 * A DSN returns the whole original up to this size (RFC 3464 `RET=FULL`), attached under
 * its subject; a larger one only by its header section (it stays in the sender's Sent).
 */
export const DSN_RETURNS_WHOLE_BYTES = 2 * 1024 * 1024;

/** The file name of a returned message: its subject made safe for any file system. */
export function returnedName(subject: string | undefined): string {
  const safe = asText(subject ?? '')
    .replace(/[\p{Cc}/\\:*?"<>|]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100)
    .trim();
  return `${safe || 'Message d’origine'}.eml`;
}

/** A failed recipient for a reason Pli knows. */
export function failedFor(address: string, reason: FailureReason): FailedRecipient {
  const { status } = FAILURE_REASONS[reason];
  const code = status.startsWith('4')
    ? 451
    : status === '5.2.2'
      ? 552
      : status === '5.6.0'
        ? 554
        : 550;
  return { address, status, diagnostic: `${code} ${status} ${reason}` };
}

export interface DsnInput {
  /** The operator domain reporting (Reporting-MTA). */
  reportingDomain: string;
  /** The sender of the original message, who receives the report. */
  to: string;
  /** The original message: returned whole up to DSN_RETURNS_WHOLE_BYTES, else its headers. */
  original: Uint8Array;
  failed: FailedRecipient[];
  messageId: string;
  date: Date;
}

function explanation(failed: FailedRecipient[], returnedWhole: boolean): string {
  const lines = failed.map((f) => {
    const known = Object.values(FAILURE_REASONS).find((r) => r.status === f.status);
    return `  - ${f.address} : ${known?.text ?? 'refusé par le serveur du destinataire'} (${f.diagnostic})`;
  });
  return [
    "Votre message n'a pas pu être remis aux destinataires suivants :",
    '',
    ...lines,
    '',
    returnedWhole
      ? 'Le message d’origine est joint à ce rapport.'
      : 'Le message d’origine, trop volumineux pour être joint, reste dans vos Envoyés.',
    '',
    'Ce rapport a été produit automatiquement par Pli.',
    '',
  ].join('\r\n');
}

/**
 * Builds a delivery status notification (RFC 3464: multipart/report with a French
 * explanation, the machine-readable `message/delivery-status` and the original message,
 * or its headers when it is too large).
 *
 * @example
 * const raw = buildDsn({ reportingDomain: 'pli.mssante.fr', to: sender, original, failed:
 *   [failedFor('x@medecin.pli.mssante.fr', 'unknown_recipient')], messageId, date: new Date() });
 */
export function buildDsn(input: DsnInput): Uint8Array {
  const originalHeaders = headerSection(input.original);
  const headers = parseHeaderBlock(originalHeaders);
  const whole = input.original.byteLength <= DSN_RETURNS_WHOLE_BYTES;
  const permanent = input.failed.every((f) => f.status.startsWith('5'));
  const perRecipient = input.failed
    .map((f) =>
      [
        `Final-Recipient: rfc822; ${f.address}`,
        'Action: failed',
        `Status: ${f.status}`,
        `Diagnostic-Code: smtp; ${f.diagnostic.replace(/[\r\n]+/g, ' ')}`,
      ].join('\r\n'),
    )
    .join('\r\n\r\n');
  return buildReport({
    from: `${encodeWord('Système de messagerie Pli')} <mailer-daemon@${input.reportingDomain}>`,
    to: `<${input.to}>`,
    subject: encodeWord(permanent ? 'Échec de remise' : 'Remise abandonnée'),
    date: input.date,
    messageId: input.messageId,
    originalId: headerValue(headers, 'Message-ID') ?? null,
    reportType: 'delivery-status',
    explanation: explanation(input.failed, whole),
    report: [
      `Reporting-MTA: dns; ${input.reportingDomain}`,
      `Arrival-Date: ${rfc5322Date(input.date)}`,
      '',
      perRecipient,
      '',
    ],
    originalHeaders,
    ...(whole
      ? { returned: { raw: input.original, name: returnedName(headerValue(headers, 'Subject')) } }
      : {}),
  });
}
