import { describe, expect, it } from 'vitest';
import { overallTone, recipientsOf } from '../../../web/src/models/delivery.ts';

const status = (
  delivered: 'queued' | 'yes' | 'no' | 'unknown',
  displayed: 'yes' | 'unknown' = 'unknown',
) => ({
  delivered,
  displayed,
  smtpReply: delivered === 'no' ? '550 5.1.1 unknown' : '250 2.0.0 Remis',
});

describe('the delivery of a sent message', () => {
  it('is failed if one recipient failed, read once every one read it, pending while one is queued', () => {
    expect(overallTone({ a: status('yes', 'yes'), b: status('no') })).toBe('failed');
    expect(overallTone({ a: status('yes', 'yes'), b: status('yes', 'yes') })).toBe('read');
    expect(overallTone({ a: status('yes', 'yes'), b: status('queued') })).toBe('pending');
    expect(overallTone({ a: status('unknown'), b: status('yes') })).toBe('done');
  });

  it('lists the recipients in envelope order with their French status', () => {
    expect(
      recipientsOf({ 'b@x.mssante.fr': status('no'), 'a@x.mssante.fr': status('queued') }),
    ).toEqual([
      { address: 'b@x.mssante.fr', text: 'Échec de remise : adresse inconnue', tone: 'failed' },
      { address: 'a@x.mssante.fr', text: 'En cours d’envoi', tone: 'pending' },
    ]);
  });
});
