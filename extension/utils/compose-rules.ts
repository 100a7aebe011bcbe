import { normaliseAddress } from '../../shared/mssante/address.ts';
import { isOnPatientDomain, isPatientAddress } from '../../shared/mssante/patient.ts';
import type { GrabAnswer } from './grab.ts';
import type { Outgoing, OutgoingMessage } from './outgoing.ts';

/**
 * The pure rules of "Envoyer via MSSanté" (no browser API): recipients checked before
 * anything goes to Pli, the body, the one-send keyword, the attachment's name.
 */

/** Why the recipients cannot be sent to, before anything goes to Pli; null when they can. */
export function recipientProblem(message: OutgoingMessage): string | null {
  const all = [...message.to, ...message.cc];
  if (message.to.length === 0) return 'Indiquez au moins un destinataire.';
  const invalid = all.filter((a) => normaliseAddress(a) === null);
  if (invalid.length) return `Adresse invalide : ${invalid.join(', ')}.`;
  const patients = all.filter((a) => isOnPatientDomain(a) && !isPatientAddress(a));
  if (patients.length) {
    return `Adresse patient invalide (le matricule INS ou sa clé est incorrect) : ${patients.join(', ')}.`;
  }
  return null;
}

/** The keyword that finds the one Email of an item (lower case, as Pli stores keywords). */
export function sendKeyword(id: string): string {
  return `$pli-envoi-${id.toLowerCase()}`;
}

/** The body: what the person wrote, then the passage selected and where it comes from. */
export function messageText(item: Pick<Outgoing, 'source'>, message: OutgoingMessage): string {
  const source = `Source : ${item.source.title ? `${item.source.title} — ` : ''}${item.source.url}`;
  return `${message.body.trimEnd()}\n\n-- \n${source}\n`;
}

/** Extensions for a file name without one, by media type. */
const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'text/plain': 'txt',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.oasis.opendocument.text': 'odt',
};

/** The attachment's name: the one the site gave, else `document.<ext>`; no path, no control. */
export function attachmentName(name: string, type: string): string {
  const clean = [...name.replace(/[\\/]/g, '_')]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f)
    .join('')
    .trim();
  if (clean) return clean;
  const extension = EXTENSIONS[type];
  return extension ? `document.${extension}` : 'document';
}

/** The French reason a document could not be attached. */
export function grabProblem(reason: Exclude<GrabAnswer, { ok: true }>['reason'], max: number) {
  switch (reason) {
    case 'tooLarge':
      return `Le document dépasse ${max / 1024 / 1024} Mo, la taille maximale d’un message MSSanté : il n’a pas été joint.`;
    case 'http':
      return 'Le site n’a pas fourni le document (accès refusé ou document introuvable) : il n’a pas été joint.';
    case 'scheme':
      return 'Ce lien ne mène pas à un document téléchargeable : il n’a pas été joint.';
    case 'failed':
      return 'Le document n’a pas pu être récupéré sur le site : il n’a pas été joint.';
  }
}
