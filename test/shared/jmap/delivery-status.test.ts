import { describe, expect, it } from 'vitest';
import {
  DELIVERED_LOCALLY_REPLY,
  deliveryFailureText,
  deliveryStatusText,
  HANDED_ON_REPLY,
  QUEUED_REPLY,
} from '../../../shared/jmap/delivery-status.ts';

describe('deliveryStatusText', () => {
  it('says in French where each recipient of a sent message stands', () => {
    const status = (delivered: 'queued' | 'yes' | 'no' | 'unknown', smtpReply: string) =>
      deliveryStatusText({ delivered, smtpReply, displayed: 'unknown' });
    expect(status('queued', QUEUED_REPLY)).toBe('En cours d’envoi');
    expect(status('yes', DELIVERED_LOCALLY_REPLY)).toBe('Remis dans sa boîte');
    expect(status('unknown', HANDED_ON_REPLY)).toBe('Transmis au serveur de son opérateur');
    expect(status('no', '550 5.1.1 unknown_recipient')).toBe('Échec de remise : adresse inconnue');
    expect(deliveryStatusText({ delivered: 'yes', smtpReply: '', displayed: 'yes' })).toBe(
      'Lu (accusé de lecture reçu)',
    );
  });

  it('explains a failure by its enhanced status code, most specific first', () => {
    expect(deliveryFailureText('552 5.2.2 Mailbox full')).toBe('boîte du destinataire pleine');
    expect(deliveryFailureText('451 4.4.7 expired')).toBe('délai de remise dépassé');
    expect(deliveryFailureText('550 5.7.1 Relaying denied')).toBe(
      'refusé par les règles du destinataire',
    );
    expect(deliveryFailureText('554 Transaction failed')).toBe(
      'refusé par le serveur du destinataire',
    );
  });
});
