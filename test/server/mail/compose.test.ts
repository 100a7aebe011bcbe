import { describe, expect, it } from 'vitest';
import { composeMessage } from '../../../server/mail/compose.ts';
import { decodeBody, headerValue } from '../../../server/mail/mime-tree.ts';
import { bodyLists, parseMessage, partName, partText } from '../../../server/mail/parse.ts';

const base = {
  from: { name: 'Dr Hélène Léger', email: 'helene.leger@medecin.pli.mssante.fr' },
  to: [{ name: 'Dr François Bérard', email: 'francois.berard@medecin.pli.mssante.fr' }],
  cc: [],
  replyTo: [],
  subject: 'Lettre de sortie — M. Noël',
  text: 'Cher confrère,\nVoici la lettre.',
  html: null,
  attachments: [],
  inReplyTo: null,
  references: null,
  readReceipt: false,
  noReply: false,
  date: new Date('2026-11-22T08:00:00Z'),
};

describe('composeMessage', () => {
  it('writes Message-ID, Date, X-MSS-NIL and encoded names that parse back the same', () => {
    const { raw, messageId } = composeMessage(base);
    const { root, summary } = parseMessage(raw);
    expect(summary.messageId).toEqual([messageId]);
    expect(summary.sentAt).toBe('2026-11-22T08:00:00Z');
    expect(summary.subject).toBe('Lettre de sortie — M. Noël');
    expect(summary.from).toEqual([{ name: 'Dr Hélène Léger', email: base.from.email }]);
    expect(summary.to).toEqual([{ name: 'Dr François Bérard', email: base.to[0]?.email }]);
    expect(headerValue(root.headers, 'X-MSS-NIL')).toBeTruthy();
    expect(headerValue(root.headers, 'Disposition-Notification-To')).toBeUndefined();
    expect(headerValue(root.headers, 'X-MSS-MES')).toBeUndefined();
    expect(partText(bodyLists(root).textBody[0] as never)).toBe('Cher confrère,\nVoici la lettre.');
    expect(raw.every((byte) => byte < 0x80)).toBe(true);
  });

  it('adds In-Reply-To, References, the read receipt request and X-MSS-MES when asked', () => {
    const { raw } = composeMessage({
      ...base,
      inReplyTo: ['a@x.fr'],
      references: ['r@x.fr', 'a@x.fr'],
      readReceipt: true,
      noReply: true,
    });
    const { root, summary } = parseMessage(raw);
    expect(summary.inReplyTo).toEqual(['a@x.fr']);
    expect(summary.references).toEqual(['r@x.fr', 'a@x.fr']);
    expect(summary.wantsReceipt).toBe(true);
    expect(headerValue(root.headers, 'Disposition-Notification-To')).toBe(`<${base.from.email}>`);
    expect(summary.mssMes).toBe('FIN');
  });

  it('attaches files byte for byte, inline images with their Content-ID', () => {
    const pdf = Uint8Array.from({ length: 1000 }, (_, i) => i % 256);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const { raw } = composeMessage({
      ...base,
      html: '<p>Voir <img src="cid:img1"></p>',
      attachments: [
        { name: 'résultat.pdf', type: 'application/pdf', bytes: pdf },
        { name: 'img.png', type: 'image/png', bytes: png, inline: true, cid: 'img1' },
      ],
    });
    const { root, summary } = parseMessage(raw);
    expect(summary.hasAttachment).toBe(true);
    const { attachments } = bodyLists(root);
    const file = attachments.find((p) => p.type === 'application/pdf');
    expect(file && partName(file)).toBe('résultat.pdf');
    expect(file && decodeBody(file)).toEqual(pdf);
    const image = attachments.find((p) => p.type === 'image/png');
    expect(image && headerValue(image.headers, 'Content-ID')).toBe('<img1>');
    expect(image && decodeBody(image)).toEqual(png);
  });
});
