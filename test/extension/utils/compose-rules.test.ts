import { describe, expect, it } from 'vitest';
import {
  attachmentName,
  messageText,
  recipientProblem,
  sendKeyword,
} from '../../../extension/utils/compose-rules.ts';
import type { OutgoingMessage } from '../../../extension/utils/outgoing.ts';

const message = (to: string[], cc: string[] = []): OutgoingMessage => ({
  accountId: 'a',
  to,
  cc,
  subject: 'Bilan',
  body: 'Merci de votre avis.\n',
  readReceipt: false,
});

describe('the rules of "Envoyer via MSSanté"', () => {
  it('accepts professional addresses and a patient address whose INS key is right', () => {
    expect(
      recipientProblem(
        message(['karim.benali@medecin.pli.mssante.fr'], ['184077512345657@patient.mssante.fr']),
      ),
    ).toBeNull();
  });

  it('forbids sending with no recipient, a malformed address or a patient INS with a wrong key', () => {
    expect(recipientProblem(message([]))).toBe('Indiquez au moins un destinataire.');
    expect(recipientProblem(message(['pas-une-adresse']))).toContain('pas-une-adresse');
    expect(recipientProblem(message(['184077512345658@patient.mssante.fr']))).toContain(
      'Adresse patient invalide',
    );
  });

  it('writes the person’s text first, then the page it comes from', () => {
    const text = messageText(
      { source: { title: 'Dossier', url: 'https://lgc.example.fr/dossier' } },
      message(['x@medecin.mssante.fr']),
    );
    expect(text).toBe(
      'Merci de votre avis.\n\n-- \nSource : Dossier — https://lgc.example.fr/dossier\n',
    );
  });

  it('keys the one submission of an item by a lower-case keyword', () => {
    expect(sendKeyword('AB-12')).toBe('$pli-envoi-ab-12');
  });

  it('names an attachment without a path or control characters, and names a nameless one by its type', () => {
    expect(attachmentName('../../etc/pass\u0007wd.pdf', 'application/pdf')).toBe(
      '.._.._etc_passwd.pdf',
    );
    expect(attachmentName('', 'application/pdf')).toBe('document.pdf');
    expect(attachmentName('  ', 'application/x-unknown')).toBe('document');
  });
});
