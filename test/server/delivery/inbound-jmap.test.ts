import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { InboundResponse } from '../../../shared/mssante/inbound.ts';
import { signedInbound, whitelistDomains } from '../support/delivery-factories.ts';
import { jmap, makeAccount, result } from '../support/mail.ts';

const worker = exports.default;
const CLAIRE = 'claire.martin@medecin.pli.mssante.fr';
const SENDER = 'helene.vasseur@chu-lyon-demo.mssante.fr';

const SUBJECT = 'Compte rendu — Mme Élise Fabre (cœur, 12 €)';
const TEXT =
  'Chère consœur,\r\nVoici le compte rendu de Mme Élise Fabre : ECG ci-dessous.\r\nBien à vous.\r\n';
const HTML =
  '<p>Chère consœur,</p><p>ECG : <img src="cid:ecg@chu-lyon-demo"></p><p>Bien à vous.</p>';
const PNG = Uint8Array.from(
  atob(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  ),
  (c) => c.charCodeAt(0),
);

/** Bytes of every value 0-255, prefixed like a PDF: a binary attachment. */
function pdfBytes(): Uint8Array {
  const head = new TextEncoder().encode('%PDF-1.4\n');
  const body = new Uint8Array(40_000);
  for (let i = 0; i < body.length; i++) body[i] = (i * 7919) % 256;
  const bytes = new Uint8Array(head.length + body.length);
  bytes.set(head);
  bytes.set(body, head.length);
  return bytes;
}

function b64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/.{1,76}/g, '$&\r\n');
}

const utf8b64 = (text: string) => b64(new TextEncoder().encode(text)).replace(/\r\n/g, '');

/** Quoted-printable of UTF-8 text (CRLF kept as line breaks). */
function qp(text: string): string {
  return text
    .split('\r\n')
    .map((line) =>
      [...new TextEncoder().encode(line)]
        .map((b) =>
          b > 126 || b === 61
            ? `=${b.toString(16).toUpperCase().padStart(2, '0')}`
            : String.fromCharCode(b),
        )
        .join(''),
    )
    .join('\r\n');
}

function multipartMessage(pdf: Uint8Array): Uint8Array<ArrayBuffer> {
  const lines = [
    `From: =?UTF-8?Q?Dr_H=C3=A9l=C3=A8ne_Vasseur?= <${SENDER}>`,
    `To: =?UTF-8?B?${utf8b64('Dr Claire Martin (médecin traitant)')}?= <${CLAIRE}>`,
    'Cc: =?ISO-8859-1?Q?Fran=E7ois_Lef=E8vre?= <francois.lefevre@chu-lyon-demo.mssante.fr>',
    `Subject: =?UTF-8?B?${utf8b64(SUBJECT)}?=`,
    'Message-ID: <cr-fabre-2026@chu-lyon-demo.mssante.fr>',
    'Date: Sun, 22 Nov 2026 09:30:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="mixed-1"',
    '',
    '--mixed-1',
    'Content-Type: multipart/related; boundary="related-1"',
    '',
    '--related-1',
    'Content-Type: multipart/alternative; boundary="alt-1"',
    '',
    '--alt-1',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    qp(TEXT),
    '--alt-1',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64(new TextEncoder().encode(HTML)),
    '--alt-1--',
    '',
    '--related-1',
    'Content-Type: image/png',
    'Content-Transfer-Encoding: base64',
    'Content-ID: <ecg@chu-lyon-demo>',
    'Content-Disposition: inline; filename="ecg.png"',
    '',
    b64(PNG),
    '--related-1--',
    '',
    '--mixed-1',
    'Content-Type: application/pdf; name="=?UTF-8?Q?compte-rendu-=C3=A9lise.pdf?="',
    "Content-Disposition: attachment; filename*=UTF-8''compte-rendu-%C3%A9lise.pdf",
    'Content-Transfer-Encoding: base64',
    '',
    b64(pdf),
    '--mixed-1--',
    '',
  ];
  return new TextEncoder().encode(lines.join('\r\n'));
}

async function download(token: string, accountId: string, blobId: string, name: string) {
  const response = await worker.fetch(
    `http://pli.test/jmap/download/${accountId}/${blobId}/${encodeURIComponent(name)}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  expect(response.status).toBe(200);
  return new Uint8Array(await response.arrayBuffer());
}

describe('a message received on /inbound, read back through JMAP', () => {
  it('keeps the decoded subject, addresses, parts and bytes', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const { token, accountId } = await makeAccount(CLAIRE);
    const pdf = pdfBytes();
    const response = await worker.fetch(
      await signedInbound(multipartMessage(pdf), { mailFrom: SENDER, rcptTo: [CLAIRE] }),
    );
    const received = (await response.json()) as InboundResponse;
    expect(received.results[0]?.status).toBe('stored');

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
            'cc',
            'textBody',
            'htmlBody',
            'attachments',
            'bodyValues',
            'hasAttachment',
            'bodyStructure',
            'header:Subject:asText',
            'header:From:asAddresses',
          ],
          fetchTextBodyValues: true,
          fetchHTMLBodyValues: true,
        },
        'g',
      ],
    ]);
    const [email] = result(body, 'Email/get').list;
    expect(email.subject).toBe(SUBJECT);
    expect(email['header:Subject:asText']).toBe(SUBJECT);
    expect(email.from).toEqual([{ name: 'Dr Hélène Vasseur', email: SENDER }]);
    expect(email['header:From:asAddresses']).toEqual(email.from);
    expect(email.to).toEqual([{ name: 'Dr Claire Martin (médecin traitant)', email: CLAIRE }]);
    expect(email.cc).toEqual([
      { name: 'François Lefèvre', email: 'francois.lefevre@chu-lyon-demo.mssante.fr' },
    ]);
    expect(email.hasAttachment).toBe(true);
    // The MIME tree comes back whole: every leaf part, in order.
    type Part = { type: string; subParts?: Part[] | null };
    const leaves = (part: Part): string[] =>
      part.subParts?.length ? part.subParts.flatMap(leaves) : [part.type];
    expect(email.bodyStructure.type).toBe('multipart/mixed');
    expect(leaves(email.bodyStructure)).toEqual([
      'text/plain',
      'text/html',
      'image/png',
      'application/pdf',
    ]);

    const text = email.bodyValues[email.textBody[0].partId].value as string;
    const html = email.bodyValues[email.htmlBody[0].partId].value as string;
    expect(text.replace(/\r\n/g, '\n')).toBe(TEXT.replace(/\r\n/g, '\n'));
    expect(html).toBe(HTML);

    const image = email.attachments.find((a: { type: string }) => a.type === 'image/png');
    const attached = email.attachments.find((a: { type: string }) => a.type === 'application/pdf');
    expect(image).toMatchObject({
      cid: 'ecg@chu-lyon-demo',
      disposition: 'inline',
      name: 'ecg.png',
    });
    expect(attached).toMatchObject({
      name: 'compte-rendu-élise.pdf',
      disposition: 'attachment',
      size: pdf.byteLength,
    });
    expect(await download(token, accountId, image.blobId, 'ecg.png')).toEqual(PNG);
    expect(await download(token, accountId, attached.blobId, attached.name)).toEqual(pdf);
  });
});
