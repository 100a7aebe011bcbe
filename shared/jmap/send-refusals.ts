import { MAX_MESSAGE_BYTES } from '../mssante/limits.ts';

/**
 * Why a send was refused, in the French the user reads, from the SetError of Email/set
 * create or EmailSubmission/set create (RFC 8621 and Pli's submission rules): the one
 * source for the webmail's composer and the extension's. Nothing was sent in any of these
 * cases (Pli refuses before sending).
 *
 * @example
 * sendRefusalText({ type: 'overQuota' });
 * // 'Votre boîte aux lettres est pleine (2 Go) : supprimez des messages pour pouvoir envoyer.'
 */
export function sendRefusalText(error: { type?: unknown; invalidRecipients?: unknown }): string {
  const refused = Array.isArray(error.invalidRecipients)
    ? error.invalidRecipients.filter((a): a is string => typeof a === 'string')
    : [];
  if (error.type === 'invalidRecipients' && refused.length) {
    return `Destinataire hors de l’espace de confiance MSSanté ou adresse patient invalide : ${refused.join(', ')}. Rien n’a été envoyé.`;
  }
  if (error.type === 'overQuota') {
    return 'Votre boîte aux lettres est pleine (2 Go) : supprimez des messages pour pouvoir envoyer.';
  }
  if (error.type === 'tooLarge') {
    return `Le message dépasse la taille maximale de ${MAX_MESSAGE_BYTES / 1024 / 1024} Mo de l’espace de confiance MSSanté. Rien n’a été envoyé.`;
  }
  if (error.type === 'forbiddenToSend') {
    return 'Vous n’êtes pas autorisé à envoyer depuis cette boîte.';
  }
  return 'Le message n’a pas pu être envoyé. Rien n’a été envoyé.';
}
