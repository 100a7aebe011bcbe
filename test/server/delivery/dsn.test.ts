import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { buildDsn, DSN_RETURNS_WHOLE_BYTES, failedFor } from '../../../server/delivery/dsn.ts';
import { decodeBody } from '../../../server/mail/mime-tree.ts';
import { bodyLists, parseMessage, partName } from '../../../server/mail/parse.ts';
import { parseReport } from '../../../server/mail/report.ts';
import { rawMail } from '../support/delivery-factories.ts';

function bounce(original: Uint8Array) {
  return buildDsn({
    reportingDomain: 'pli.mssante.fr',
    to: 'claire.martin@medecin.pli.mssante.fr',
    original,
    failed: [failedFor('nobody@medecin.pli.mssante.fr', 'unknown_recipient')],
    messageId: `<dsn.${crypto.randomUUID()}@pli.mssante.fr>`,
    date: new Date(),
  });
}

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

  it('returns the original whole, byte for byte, attached under its subject as a .eml', () => {
    const original = rawMail({
      from: 'claire.martin@medecin.pli.mssante.fr',
      to: 'nobody@medecin.pli.mssante.fr',
      subject: '=?UTF-8?Q?R=C3=A9sultats_:_bilan/sanguin?=',
      body: 'Résultats joints.\r\nBien confraternellement.',
      messageId: '<orig-2@pli.mssante.fr>',
    });
    const parsed = parseMessage(bounce(original));
    const attached = bodyLists(parsed.root).attachments.find((a) => a.type === 'message/rfc822');
    expect(attached && partName(attached)).toBe('Résultats bilan sanguin.eml');
    expect(attached && decodeBody(attached)).toEqual(original);
    expect(parseReport(parsed.root)?.originalMessageId).toBe('orig-2@pli.mssante.fr');
  });

  it('returns only the headers of an original too large to attach, and says it stays in Envoyés', async () => {
    const original = rawMail({
      from: 'claire.martin@medecin.pli.mssante.fr',
      to: 'nobody@medecin.pli.mssante.fr',
      body: 'x'.repeat(DSN_RETURNS_WHOLE_BYTES),
      messageId: '<orig-3@pli.mssante.fr>',
    });
    const raw = bounce(original);
    expect(raw.byteLength).toBeLessThan(16 * 1024);
    const parsed = parseMessage(raw);
    expect(bodyLists(parsed.root).attachments.map((a) => a.type)).not.toContain('message/rfc822');
    expect(parseReport(parsed.root)?.originalMessageId).toBe('orig-3@pli.mssante.fr');
    expect((await PostalMime.parse(raw)).text).toContain('trop volumineux pour être joint');
  });
});
