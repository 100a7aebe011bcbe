import { env } from 'cloudflare:workers';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { deliverToBal } from '../../../../server/delivery/mailbox-deliver.ts';
import { buildDemoMime } from '../../../../server/dev/demo-mail/build.ts';
import { demoMessages } from '../../../../server/dev/demo-mail/content.ts';
import { DEMO_PATIENT } from '../../../../server/dev/demo-mail/patient.ts';
import { simplePdf } from '../../../../server/dev/demo-mail/pdf.ts';
import { demoMailSeedStep } from '../../../../server/dev/demo-mail/seed.ts';
import { demoAccountsStep } from '../../../../server/dev/seed-demo-accounts.ts';
import { DEFAULT_QUOTA_BYTES } from '../../../../shared/mssante/limits.ts';
import { rawMail, usedBytes } from '../../support/delivery-factories.ts';
import { bearerToken } from '../../support/factories.ts';
import { jmap, result } from '../../support/mail.ts';

const bals = {
  claire: { name: 'Dr Claire Martin', addr: 'claire.martin@medecin.pli.mssante.fr' },
  karim: { name: 'Dr Karim Benali', addr: 'karim.benali@medecin.pli.mssante.fr' },
  elodie: { name: 'Mme Élodie Rousseau', addr: 'elodie.rousseau@infirmier.pli.mssante.fr' },
  thomas: { name: 'M. Thomas Lefèvre', addr: 'thomas.lefevre@pharmacien.pli.mssante.fr' },
};

describe('demo mail content', () => {
  it('gives Dr Claire Martin over 500 messages, the same ones every time', () => {
    const first = demoMessages(bals, 'pli.mssante.fr');
    const claire = first.filter((m) => m.to === 'claire');
    expect(claire.length).toBeGreaterThanOrEqual(500);
    expect(new Set(first.map((m) => m.messageId)).size).toBe(first.length);
    expect(demoMessages(bals, 'pli.mssante.fr').map((m) => m.messageId)).toEqual(
      first.map((m) => m.messageId),
    );
    expect(claire.some((m) => m.attachments?.length)).toBe(true);
    expect(claire.some((m) => m.inReplyTo)).toBe(true);
    expect(['karim', 'elodie', 'thomas'].every((k) => first.some((m) => m.to === k))).toBe(true);
  });

  it('builds MIME that parses back with its PDF attachment intact', async () => {
    const message = demoMessages(bals, 'pli.mssante.fr').find((m) => m.attachments?.length);
    if (!message) throw new Error('no message with an attachment');
    const parsed = await PostalMime.parse(buildDemoMime(message, bals.claire));
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.messageId).toBe(message.messageId);
    expect(parsed.attachments[0]?.mimeType).toBe('application/pdf');
    expect(new Uint8Array(parsed.attachments[0]?.content as ArrayBuffer)).toEqual(
      message.attachments?.[0]?.bytes,
    );
  });
});

describe('simplePdf', () => {
  it('writes a PDF whose cross-reference table points at its objects', () => {
    const bytes = simplePdf('Résultats (démo)', ['Glycémie : 5,2 mmol/L']);
    const text = String.fromCharCode(...bytes);
    expect(text.startsWith('%PDF-1.4')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const xref = Number(/startxref\n(\d+)/.exec(text)?.[1]);
    expect(text.slice(xref, xref + 4)).toBe('xref');
    const offsets = [...text.slice(xref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) =>
      Number(m[1]),
    );
    expect(offsets).toHaveLength(5);
    offsets.forEach((offset, i) => {
      expect(text.slice(offset, offset + 8)).toBe(`${i + 1} 0 obj\n`);
    });
    expect(text).toContain('(R\xe9sultats \\(d\xe9mo\\)) Tj');
  });
});

describe('demo mail seed step', () => {
  it('fills the demo BALs once; a second run stores nothing more', async () => {
    await demoAccountsStep.run(env);
    await demoMailSeedStep.run(env);
    const { results } = await env.DB.prepare(
      'SELECT b.address, s.message_count FROM demo_mail_seeded s JOIN bals b ON b.id = s.bal_id ORDER BY b.address',
    ).all<{ address: string; message_count: number }>();
    const claire = results.find((r) => r.address.startsWith('claire.martin@'));
    expect(claire?.message_count).toBeGreaterThanOrEqual(500);
    expect(results).toHaveLength(4);

    const bal = await env.DB.prepare('SELECT id FROM bals WHERE address = ?')
      .bind(claire?.address)
      .first<{ id: string }>();
    const used = await usedBytes(bal?.id ?? '');
    expect(used).toBeGreaterThan(0);
    await demoMailSeedStep.run(env);
    expect(await usedBytes(bal?.id ?? '')).toBe(used);

    // The patient conversation: the doctor's message went out, the patient's reply came in,
    // and the exchange is closed.
    const outgoing = await env.DB.prepare(
      'SELECT count(*) AS n FROM outbound_deliveries WHERE recipient = ?',
    )
      .bind(DEMO_PATIENT)
      .first<{ n: number }>();
    expect(outgoing?.n).toBe(2);
    const holder = await env.DB.prepare('SELECT holder_id_nat FROM bals WHERE id = ?')
      .bind(bal?.id)
      .first<{ holder_id_nat: string }>();
    const token = await bearerToken(holder?.holder_id_nat ?? '');
    const accountId = bal?.id ?? '';
    const found = await jmap(token, [
      [
        'Email/query',
        { accountId, filter: { to: DEMO_PATIENT }, sort: [{ property: 'receivedAt' }] },
        'q',
      ],
      [
        'Email/get',
        {
          accountId,
          '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
          properties: ['subject', 'messageId'],
        },
        'g',
      ],
    ]);
    const sentToPatient = result(found, 'Email/get').list as {
      subject: string;
      messageId: string[];
    }[];
    expect(sentToPatient.map((m) => m.subject)).toEqual([
      'Résultats de votre bilan sanguin',
      '[FIN]',
    ]);
    const replies = await jmap(token, [
      ['Email/query', { accountId, filter: { from: DEMO_PATIENT } }, 'q'],
    ]);
    expect(result(replies, 'Email/query').ids).toHaveLength(1);
    const firstId = `<${sentToPatient[0]?.messageId[0]}>`;
    const late = await deliverToBal(env, {
      balId: accountId,
      raw: rawMail({
        from: DEMO_PATIENT,
        to: claire?.address ?? '',
        headers: { 'In-Reply-To': firstId, References: firstId },
      }),
      quotaBytes: DEFAULT_QUOTA_BYTES,
      mailFrom: DEMO_PATIENT,
      rcptTo: claire?.address ?? '',
    });
    expect(late).toEqual({ status: 'refused', reason: 'patient_conversation_closed' });
  }, 180_000);
});
