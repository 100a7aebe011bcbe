import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { signInbound } from '../../../server/delivery/inbound-signature.ts';
import { INBOUND_HEADERS } from '../../../shared/mssante/inbound.ts';
import { jmap, type Loose, makeAccount, result } from '../support/mail.ts';

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const PNG = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0x00, 0x80,
]);

const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/.{76}/g, '$&\r\n');

/** A multipart/mixed > related > alternative message with encoded headers and a PDF. */
function clinicalMessage(to: string): Uint8Array<ArrayBuffer> {
  const lines = [
    'From: =?UTF-8?Q?H=C3=A9l=C3=A8ne_L=C3=A9ger?= <helene.leger@labo.example-mss.fr>',
    `To: =?ISO-8859-1?Q?Dr_Fran=E7ois_B=E9rard?= <${to}>`,
    'Subject: =?UTF-8?B?UsOpc3VsdGF0cyBkZSBiaW9sb2dpZSDigJMgw6lwcmV1dmUgbsKwMg==?=',
    'Message-ID: <roundtrip-1@labo.example-mss.fr>',
    'Date: Sat, 21 Nov 2026 17:45:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="mixed-b"',
    '',
    '--mixed-b',
    'Content-Type: multipart/related; boundary="rel-b"',
    '',
    '--rel-b',
    'Content-Type: multipart/alternative; boundary="alt-b"',
    '',
    '--alt-b',
    'Content-Type: text/plain; charset=ISO-8859-1',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'Bonjour, voici les r=E9sultats. H=E9moglobine : 13,2 g/dL.',
    '--alt-b',
    'Content-Type: text/html; charset=UTF-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    '<p>Bonjour, voici les r=C3=A9sultats.</p><img src=3D"cid:logo@labo">',
    '--alt-b--',
    '--rel-b',
    'Content-Type: image/png',
    'Content-Transfer-Encoding: base64',
    'Content-ID: <logo@labo>',
    'Content-Disposition: inline',
    '',
    b64(PNG),
    '--rel-b--',
    '--mixed-b',
    'Content-Type: application/pdf; name="=?UTF-8?Q?r=C3=A9sultats.pdf?="',
    'Content-Transfer-Encoding: base64',
    "Content-Disposition: attachment; filename*=UTF-8''r%C3%A9sultats%20n%C2%B02.pdf",
    '',
    b64(PDF),
    '--mixed-b--',
    '',
  ];
  return new TextEncoder().encode(lines.join('\r\n')) as Uint8Array<ArrayBuffer>;
}

async function postInbound(raw: Uint8Array<ArrayBuffer>, mailFrom: string, rcptTo: string) {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = await signInbound(env.INBOUND_HMAC_SECRET as string, {
    timestamp,
    mailFrom,
    rcptTo,
    body: raw,
  });
  return exports.default.fetch('http://pli.test/inbound', {
    method: 'POST',
    headers: {
      [INBOUND_HEADERS.timestamp]: timestamp,
      [INBOUND_HEADERS.mailFrom]: mailFrom,
      [INBOUND_HEADERS.rcptTo]: rcptTo,
      [INBOUND_HEADERS.signature]: signature,
    },
    body: raw,
  });
}

describe('a multipart message received on /inbound, read back through JMAP', () => {
  it('keeps the decoded subject, addresses, parts and attachment bytes', async () => {
    await env.DB.prepare('INSERT INTO whitelist_domains (name, import_id) VALUES (?, 1)')
      .bind('labo.example-mss.fr')
      .run();
    const { token, accountId, bal } = await makeAccount('francois.berard@medecin.pli.mssante.fr');
    const response = await postInbound(
      clinicalMessage(bal.address),
      'helene.leger@labo.example-mss.fr',
      bal.address,
    );
    expect(response.status).toBe(200);
    const body = await jmap(token, [
      ['Email/query', { accountId }, 'q'],
      [
        'Email/get',
        {
          accountId,
          '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
          properties: [
            'subject',
            'from',
            'to',
            'textBody',
            'htmlBody',
            'attachments',
            'bodyValues',
            'hasAttachment',
            'bodyStructure',
            'header:Subject:asText',
            'header:From:asAddresses',
          ],
          fetchAllBodyValues: true,
        },
        'g',
      ],
    ]);
    const [email] = result(body, 'Email/get').list;
    expect(email.subject).toBe('Résultats de biologie – épreuve n°2');
    expect(email['header:Subject:asText']).toBe('Résultats de biologie – épreuve n°2');
    expect(email.from).toEqual([
      { name: 'Hélène Léger', email: 'helene.leger@labo.example-mss.fr' },
    ]);
    expect(email['header:From:asAddresses']).toEqual(email.from);
    expect(email.to).toEqual([{ name: 'Dr François Bérard', email: bal.address }]);
    expect(email.hasAttachment).toBe(true);
    expect(email.textBody.map((p: Loose) => p.type)).toEqual(['text/plain']);
    expect(email.htmlBody.map((p: Loose) => p.type)).toEqual(['text/html']);
    expect(email.bodyValues[email.textBody[0].partId].value).toBe(
      'Bonjour, voici les résultats. Hémoglobine : 13,2 g/dL.',
    );
    expect(email.bodyValues[email.htmlBody[0].partId].value).toContain('résultats');
    const image = email.attachments.find((p: Loose) => p.type === 'image/png');
    const pdf = email.attachments.find((p: Loose) => p.type === 'application/pdf');
    expect(image).toMatchObject({ cid: 'logo@labo', disposition: 'inline' });
    expect(pdf).toMatchObject({
      name: 'résultats n°2.pdf',
      disposition: 'attachment',
      size: PDF.byteLength,
    });
    expect(email.bodyStructure.type).toBe('multipart/mixed');
    expect(email.bodyStructure.subParts[0].subParts[0].subParts.map((p: Loose) => p.type)).toEqual([
      'text/plain',
      'text/html',
    ]);
    for (const [part, bytes] of [
      [pdf, PDF],
      [image, PNG],
    ] as const) {
      const download = await exports.default.fetch(
        `http://pli.test/jmap/download/${accountId}/${part.blobId}/f?accept=${part.type}`,
        {
          headers: { Authorization: `Bearer ${token}` },
        },
      );
      expect(download.status).toBe(200);
      expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    }
  });
});
