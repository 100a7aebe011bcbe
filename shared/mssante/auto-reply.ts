/**
 * Absence replies (message d'absence): when a BAL answers a message automatically. The
 * rules of RFC 3834 (never to automated mail, lists, DSNs, MDNs or `Auto-Submitted`
 * messages, never without a Return-Path, only when the BAL is a visible recipient) and of
 * MSSanté (never to a message that forbids replies with `X-MSS-MES: FIN`), and the period
 * of a JMAP `VacationResponse` (RFC 8621 section 8).
 */
import { forbidsReply } from './conversation.ts';

/** The JMAP VacationResponse of a BAL (RFC 8621 section 8), always the id `singleton`. */
export interface VacationResponse {
  id: 'singleton';
  isEnabled: boolean;
  /** UTCDate from which replies are sent, or null: from now. */
  fromDate: string | null;
  /** UTCDate until which replies are sent, or null: until disabled. */
  toDate: string | null;
  subject: string | null;
  textBody: string | null;
  htmlBody: string | null;
  /**
   * Pli's private property (`urn:pli:params:jmap:mssante`): the colleague to write to
   * meanwhile, suggested in every reply.
   */
  mssReplacement?: string | null;
}

/** The id of the one VacationResponse object of an account. */
export const VACATION_ID = 'singleton';

/** The header an automatic reply carries (RFC 3834 section 5). */
export const AUTO_SUBMITTED_REPLY = 'auto-replied';

/** Local parts of addresses that are machines (RFC 3834 section 2, common practice). */
const MACHINE_LOCAL_PARTS =
  /^(mailer-daemon|postmaster|listserv|majordomo|noreply|no-reply|ne-pas-repondre|nepasrepondre|bounces?)([+.-].*)?$|(^owner-)|(-request$)|(-bounces?$)/;

/**
 * Whether an address is a machine's (mailer-daemon, postmaster, no-reply, a list's
 * bounces...): never answered automatically, and the webmail offers no "Répondre" to it.
 *
 * @example
 * isMachineAddress('MAILER-DAEMON@chu-lyon.mssante.fr'); // true
 */
export function isMachineAddress(address: string): boolean {
  const normal = address.trim().toLowerCase();
  return MACHINE_LOCAL_PARTS.test(normal.slice(0, Math.max(normal.lastIndexOf('@'), 0)));
}

/** What a message tells about itself, for {@link autoReplyAllowed}. */
export interface IncomingFacts {
  /** The SMTP envelope sender (Return-Path); empty for a null sender. */
  mailFrom: string;
  autoSubmitted?: string | null;
  precedence?: string | null;
  /** Whether any `List-Id`, `List-Post`, `List-Unsubscribe` or `List-Help` field is present. */
  listHeaders: boolean;
  /** The top-level media type (`multipart/report` for DSNs and MDNs). */
  contentType?: string | null;
  /** The value of `X-MSS-MES`. */
  mssMes?: string | null;
  /** Every address of `To` and `Cc`, lower case. */
  visibleRecipients: string[];
}

/**
 * Whether a message may get an automatic reply from the BAL `balAddress` (lower case).
 *
 * @example
 * autoReplyAllowed({ mailFrom: 'a@x.fr', listHeaders: false, visibleRecipients: ['b@y.fr'] }, 'b@y.fr'); // true
 * autoReplyAllowed({ mailFrom: '', listHeaders: false, visibleRecipients: ['b@y.fr'] }, 'b@y.fr'); // false: a null sender
 * autoReplyAllowed({ mailFrom: 'a@x.fr', autoSubmitted: 'auto-replied', listHeaders: false, visibleRecipients: ['b@y.fr'] }, 'b@y.fr'); // false
 */
export function autoReplyAllowed(facts: IncomingFacts, balAddress: string): boolean {
  const sender = facts.mailFrom.trim().toLowerCase();
  if (!sender.includes('@') || sender === balAddress) return false;
  if (isMachineAddress(sender)) return false;
  const autoSubmitted = (facts.autoSubmitted ?? '').trim().toLowerCase();
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return false;
  if (/^(bulk|list|junk)\b/i.test((facts.precedence ?? '').trim())) return false;
  if (facts.listHeaders) return false;
  if (/^multipart\/report\b/i.test((facts.contentType ?? '').trim())) return false;
  if (forbidsReply(facts.mssMes)) return false;
  return facts.visibleRecipients.includes(balAddress);
}

/**
 * Whether a VacationResponse answers a message received at `at` (ms since the epoch):
 * enabled, and `at` within `[fromDate, toDate)` when they are set.
 *
 * @example
 * vacationActive({ isEnabled: true, fromDate: null, toDate: '2026-12-31T00:00:00Z' }, Date.parse('2026-12-24T10:00:00Z')); // true
 */
export function vacationActive(
  vacation: Pick<VacationResponse, 'isEnabled' | 'fromDate' | 'toDate'>,
  at: number,
): boolean {
  if (!vacation.isEnabled) return false;
  if (vacation.fromDate && at < Date.parse(vacation.fromDate)) return false;
  if (vacation.toDate && at >= Date.parse(vacation.toDate)) return false;
  return true;
}

const dayFormat = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/Paris',
});

/** The reply's subject: the one chosen, else "Réponse automatique : <subject>". */
export function autoReplySubject(chosen: string | null, original: string | null): string {
  if (chosen?.trim()) return chosen.trim();
  const subject = (original ?? '').trim();
  return subject ? `Réponse automatique : ${subject}` : 'Réponse automatique';
}

/**
 * The reply's text: the one written (or a default naming the return date), then the
 * replacement colleague when there is one.
 *
 * @example
 * autoReplyText({ textBody: null, toDate: '2027-01-04T07:00:00Z', mssReplacement: 'karim.benali@medecin.pli.mssante.fr' });
 * // 'Je suis absent(e) jusqu'au 4 janvier 2027 et ne lis pas mes messages.\n\nEn mon absence, vous pouvez écrire à karim.benali@medecin.pli.mssante.fr.'
 */
export function autoReplyText(
  vacation: Pick<VacationResponse, 'textBody' | 'toDate' | 'mssReplacement'>,
): string {
  const written = vacation.textBody?.trim();
  const text =
    written ||
    (vacation.toDate
      ? `Je suis absent(e) jusqu'au ${dayFormat.format(new Date(vacation.toDate))} et ne lis pas mes messages.`
      : 'Je suis absent(e) et ne lis pas mes messages.');
  return vacation.mssReplacement
    ? `${text}\n\n${replacementSentence(vacation.mssReplacement)}`
    : text;
}

/** The sentence naming the replacement colleague. */
export function replacementSentence(address: string): string {
  return `En mon absence, vous pouvez écrire à ${address}.`;
}
