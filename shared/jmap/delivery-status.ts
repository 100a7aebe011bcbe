/** RFC 8621 §7 `delivered`: queued at Pli, in the recipient's mailbox, failed, handed on. */
export type DeliveredState = 'queued' | 'yes' | 'no' | 'unknown';

/** RFC 8621 §7 DeliveryStatus of one recipient of an EmailSubmission. */
export interface RecipientDeliveryStatus {
  /** The last SMTP reply (or DSN diagnostic) for this recipient. */
  smtpReply: string;
  delivered: DeliveredState;
  /** `yes` once a read receipt (MDN "displayed") came back. */
  displayed: 'unknown' | 'yes';
}

/** The reply Pli records for a recipient it stored in a BAL itself. */
export const DELIVERED_LOCALLY_REPLY = '250 2.0.0 Remis';
/** The reply Pli records for a recipient whose operator's server is still to be reached. */
export const QUEUED_REPLY = '250 2.0.0 Accepté';
/** The reply Pli records once the recipient's operator accepted the message. */
export const HANDED_ON_REPLY = '250 2.0.0 Transmis';

/**
 * The French meaning of an enhanced status code (RFC 3463) in a failure reply, by subject
 * and detail, most specific first.
 */
const FAILURE_TEXTS: [RegExp, string][] = [
  [/^\d\.1\.1$/, 'adresse inconnue'],
  [/^\d\.1\.2$/, 'domaine du destinataire inconnu'],
  [/^\d\.1\.\d+$/, 'adresse du destinataire refusée'],
  [/^\d\.2\.2$/, 'boîte du destinataire pleine'],
  [/^\d\.2\.1$/, 'boîte du destinataire désactivée'],
  [/^\d\.2\.\d+$/, 'boîte du destinataire indisponible'],
  [/^\d\.3\.4$/, 'message trop volumineux'],
  [/^\d\.3\.\d+$/, 'serveur du destinataire indisponible'],
  [/^\d\.4\.7$/, 'délai de remise dépassé'],
  [/^\d\.4\.\d+$/, 'serveur du destinataire injoignable'],
  [/^\d\.5\.\d+$/, 'échange refusé par le serveur du destinataire'],
  [/^\d\.6\.\d+$/, 'contenu du message refusé'],
  [/^\d\.7\.\d+$/, 'refusé par les règles du destinataire'],
];

/** Why a delivery failed, in French, from its SMTP reply or DSN diagnostic. */
export function deliveryFailureText(smtpReply: string): string {
  const code = /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(smtpReply)?.[1];
  const known = code ? FAILURE_TEXTS.find(([pattern]) => pattern.test(code)) : undefined;
  return known ? known[1] : 'refusé par le serveur du destinataire';
}

/**
 * What the sender reads for one recipient of a sent message, in French: read, delivered,
 * handed to the recipient's operator, on its way, or failed and why.
 *
 * @example
 * deliveryStatusText({ delivered: 'no', smtpReply: '550 5.1.1 unknown', displayed: 'unknown' });
 * // 'Échec de remise : adresse inconnue'
 */
export function deliveryStatusText(status: RecipientDeliveryStatus): string {
  if (status.delivered === 'no')
    return `Échec de remise : ${deliveryFailureText(status.smtpReply)}`;
  if (status.displayed === 'yes') return 'Lu (accusé de lecture reçu)';
  if (status.delivered === 'yes') return 'Remis dans sa boîte';
  if (status.delivered === 'unknown') return 'Transmis au serveur de son opérateur';
  return 'En cours d’envoi';
}
