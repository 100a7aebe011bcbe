import { normaliseAddress } from '../../shared/mssante/address.ts';
import { sha256Hex } from '../bytes.ts';
import { config } from '../config.ts';
import type { Bindings } from '../env.ts';
import { headerValue, parseHeaderBlock } from '../mail/mime-tree.ts';
import { encodeWord } from './mime-words.ts';
import { dispatchOutbound, type OutboundResult } from './outbound.ts';
import { addressesOf, headerSection, readHeaders } from './raw-headers.ts';
import { buildReport } from './report-message.ts';

/** What a message asks about read receipts (RFC 8098 §2.1). */
export interface MdnRequest {
  /** Where the receipt goes: the first `Disposition-Notification-To` address. */
  notifyTo: string;
  /**
   * The address differs from the Return-Path (or there is none): the user must be asked
   * before a receipt is sent (RFC 8098 §2.1, the domain rules of MSSanté).
   */
  askUser: boolean;
}

/**
 * The read-receipt request of a raw message, or null when it asks for none.
 *
 * @example
 * const request = mdnRequest(raw);
 * if (request?.askUser) showConfirmation(request.notifyTo);
 */
export function mdnRequest(raw: Uint8Array): MdnRequest | null {
  const headers = readHeaders(raw);
  const notifyTo = addressesOf(headerValue(headers, 'Disposition-Notification-To'))[0];
  if (!notifyTo) return null;
  const returnPath = addressesOf(headerValue(headers, 'Return-Path'))[0];
  return { notifyTo, askUser: returnPath !== notifyTo };
}

export interface MdnInput {
  original: Uint8Array;
  /** The BAL that displayed the message (the receipt's sender and Final-Recipient). */
  balAddress: string;
  reportingDomain: string;
  notifyTo: string;
  messageId: string;
  date: Date;
}

/**
 * Builds a read receipt (RFC 8098: multipart/report with a French explanation, the
 * `message/disposition-notification` part and the original headers), disposition
 * `manual-action/MDN-sent-manually; displayed`: the user chose to send it.
 */
export function buildMdn(input: MdnInput): Uint8Array {
  const original = headerSection(input.original);
  const headers = parseHeaderBlock(original);
  const originalId = headerValue(headers, 'Message-ID') ?? null;
  const subject = headerValue(headers, 'Subject');
  const sentOn = headerValue(headers, 'Date');
  return buildReport({
    from: `<${input.balAddress}>`,
    to: `<${input.notifyTo}>`,
    subject: `${encodeWord('Accusé de lecture')}${subject ? ` : ${subject}` : ''}`,
    date: input.date,
    messageId: input.messageId,
    originalId,
    reportType: 'disposition-notification',
    explanation: [
      `Le message${sentOn ? ` du ${sentOn}` : ''} adressé à ${input.balAddress} a été affiché par son destinataire.`,
      'Cet accusé ne garantit pas que le message a été lu ni compris.',
      '',
    ].join('\r\n'),
    report: [
      `Reporting-UA: ${input.reportingDomain}; Pli`,
      `Final-Recipient: rfc822; ${input.balAddress}`,
      ...(originalId ? [`Original-Message-ID: ${originalId}`] : []),
      'Disposition: manual-action/MDN-sent-manually; displayed',
      '',
    ],
    originalHeaders: original,
  });
}

/**
 * Sends the read receipt of a message a BAL displayed, once the user agreed. The receipt
 * goes through the normal outbound path (trust-space check, local delivery or queue) with
 * a null envelope sender (RFC 8098 §2.1: no bounce loops), and only once per BAL and
 * message: its Message-ID and submission id derive from both.
 */
export async function sendReadReceipt(
  env: Bindings,
  input: { balId: string; balAddress: string; original: Uint8Array },
): Promise<OutboundResult | { ok: false; refused: []; reason: 'not_requested' }> {
  const request = mdnRequest(input.original);
  if (!request) return { ok: false, refused: [], reason: 'not_requested' };
  const domain = config(env).firstOperatorDomain;
  const originalId = headerValue(readHeaders(input.original), 'Message-ID') ?? '';
  const key = (
    await sha256Hex(`${input.balId}\n${originalId || (await sha256Hex(input.original))}`)
  ).slice(0, 32);
  const raw = buildMdn({
    original: input.original,
    balAddress: normaliseAddress(input.balAddress) ?? input.balAddress,
    reportingDomain: domain,
    notifyTo: request.notifyTo,
    messageId: `<mdn.${key}@${domain}>`,
    date: new Date(),
  });
  return dispatchOutbound(env, {
    fromBalId: input.balId,
    envelope: { mailFrom: '', rcptTo: [request.notifyTo] },
    raw,
    submissionId: `mdn-${key}`,
  });
}
