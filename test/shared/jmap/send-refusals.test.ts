import { describe, expect, it } from 'vitest';
import { sendRefusalText } from '../../../shared/jmap/send-refusals.ts';

describe('sendRefusalText', () => {
  it('names the recipients outside the trust space', () => {
    expect(sendRefusalText({ type: 'invalidRecipients', invalidRecipients: ['x@gmail.com'] })).toBe(
      'Destinataire hors de l’espace de confiance MSSanté ou adresse patient invalide : x@gmail.com. Rien n’a été envoyé.',
    );
  });

  it('says the BAL is full, the message too large, or sending not allowed', () => {
    expect(sendRefusalText({ type: 'overQuota' })).toContain('boîte aux lettres est pleine');
    expect(sendRefusalText({ type: 'tooLarge' })).toContain('taille maximale de 25 Mo');
    expect(sendRefusalText({ type: 'forbiddenToSend' })).toBe(
      'Vous n’êtes pas autorisé à envoyer depuis cette boîte.',
    );
  });

  it('falls back to a generic refusal for any other SetError', () => {
    expect(sendRefusalText({ type: 'invalidProperties' })).toBe(
      'Le message n’a pas pu être envoyé. Rien n’a été envoyé.',
    );
    expect(sendRefusalText({ type: 'invalidRecipients', invalidRecipients: 'nope' })).toBe(
      'Le message n’a pas pu être envoyé. Rien n’a été envoyé.',
    );
  });
});
