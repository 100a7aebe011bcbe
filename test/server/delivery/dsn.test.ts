import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { buildDsn, failedFor } from '../../../server/delivery/dsn.ts';
import { rawMail } from '../support/delivery-factories.ts';

describe('buildDsn', () => {
  it('builds an RFC 3464 report: French text, delivery-status and the original headers', async () => {
    const original = rawMail({
      from: 'claire.martin@medecin.pli.mssante.fr',
      to: 'nobody@medecin.pli.mssante.fr',
      messageId: '<orig-1@pli.mssante.fr>',
    });
    const raw = buildDsn({
      reportingDomain: 'pli.mssante.fr',
      to: 'claire.martin@medecin.pli.mssante.fr',
      original,
      failed: [failedFor('nobody@medecin.pli.mssante.fr', 'unknown_recipient')],
      messageId: '<dsn.1@pli.mssante.fr>',
      date: new Date('2026-11-22T05:00:00Z'),
    });
    const text = new TextDecoder().decode(raw);
    expect(text).toMatch(/Content-Type: multipart\/report; report-type=delivery-status;/);
    expect(text).toContain('Final-Recipient: rfc822; nobody@medecin.pli.mssante.fr');
    expect(text).toContain('Action: failed');
    expect(text).toContain('Status: 5.1.1');
    expect(text).toContain('Reporting-MTA: dns; pli.mssante.fr');
    expect(text).toContain('In-Reply-To: <orig-1@pli.mssante.fr>');

    const parsed = await PostalMime.parse(raw);
    expect(parsed.subject).toBe('Échec de remise');
    expect(parsed.from?.address).toBe('mailer-daemon@pli.mssante.fr');
    expect(parsed.text).toContain('nobody@medecin.pli.mssante.fr : Adresse inconnue chez Pli.');
  });

  it('says a message was given up when the failure is temporary', async () => {
    const raw = buildDsn({
      reportingDomain: 'pli.mssante.fr',
      to: 'a@medecin.pli.mssante.fr',
      original: rawMail({ from: 'a@medecin.pli.mssante.fr', to: 'b@medecin.mssante.fr' }),
      failed: [failedFor('b@medecin.mssante.fr', 'expired')],
      messageId: '<dsn.2@pli.mssante.fr>',
      date: new Date(),
    });
    expect((await PostalMime.parse(raw)).subject).toBe('Remise abandonnée');
    expect(new TextDecoder().decode(raw)).toContain('Status: 4.4.7');
  });
});
