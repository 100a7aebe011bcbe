import { describe, expect, it } from 'vitest';
import {
  decodeBody,
  inspectMimeTree,
  leaves,
  parseMimeTree,
  parseParamHeader,
} from '../../../server/mail/mime-tree.ts';
import {
  asDate,
  asGroupedAddresses,
  asMessageIds,
  bodyLists,
  parseMessage,
  partName,
  partText,
} from '../../../server/mail/parse.ts';
import {
  MAX_HEADER_FIELD_BYTES,
  MAX_MIME_DEPTH,
  MAX_MIME_PARTS,
} from '../../../shared/mssante/limits.ts';
import { longSubject, manyParts, nestedMultipart } from '../support/mail.ts';

const enc = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n'));

describe('MIME tree', () => {
  it('numbers leaves like IMAP and leaves multiparts without partId', () => {
    const root = parseMimeTree(
      enc([
        'Content-Type: multipart/mixed; boundary=a',
        '',
        '--a',
        'Content-Type: multipart/alternative; boundary=b',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'plain',
        '--b',
        'Content-Type: text/html',
        '',
        '<p>html</p>',
        '--b--',
        '--a',
        'Content-Type: application/pdf',
        'Content-Disposition: attachment; filename=x.pdf',
        '',
        'PDF',
        '--a--',
      ]),
    );
    expect(root.partId).toBeNull();
    expect(leaves(root).map((l) => [l.partId, l.type])).toEqual([
      ['1.1', 'text/plain'],
      ['1.2', 'text/html'],
      ['2', 'application/pdf'],
    ]);
    expect(leaves(root).map((l) => partText(l))).toEqual(['plain', '<p>html</p>', 'PDF']);
    const lists = bodyLists(root);
    expect(lists.textBody.map((p) => p.partId)).toEqual(['1.1']);
    expect(lists.htmlBody.map((p) => p.partId)).toEqual(['1.2']);
    expect(lists.attachments.map((p) => p.partId)).toEqual(['2']);
  });

  it('decodes quoted-printable soft breaks and charsets', () => {
    const root = parseMimeTree(
      enc([
        'Content-Type: text/plain; charset=iso-8859-1',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        'Caf=E9 cr=E8me =',
        'br=FBl=E9e',
      ]),
    );
    expect(partText(root)).toBe('Café crème brûlée');
  });

  it('decodes base64 bodies that wrap at any length', () => {
    const root = parseMimeTree(enc(['Content-Transfer-Encoding: base64', '', 'AAEC', 'A/7/', '']));
    expect([...decodeBody(root)]).toEqual([0, 1, 2, 3, 254, 255]);
  });

  it('joins RFC 2231 continuations with their charset', () => {
    const header = parseParamHeader(
      "attachment; filename*0*=UTF-8''compte%20rendu; filename*1*=%20n%C2%B01.pdf",
    );
    expect(header.value).toBe('attachment');
    expect(header.params.filename).toBe('compte rendu n°1.pdf');
  });

  it('reads the name of a part from an encoded-word in Content-Type', () => {
    const root = parseMimeTree(
      enc(['Content-Type: application/pdf; name="=?UTF-8?B?w6ljaG8ucGRm?="', '', 'x']),
    );
    expect(partName(root)).toBe('écho.pdf');
  });

  it('keeps a single-part message as part 1', () => {
    const { root, summary } = parseMessage(
      enc(['Subject: =?utf-8?q?Bilan_=C3=A0_J+3?=', '', 'Texte']),
    );
    expect(root.partId).toBe('1');
    expect(summary.subject).toBe('Bilan à J+3');
    expect(summary.preview).toBe('Texte');
  });
});

describe('header forms', () => {
  it('parses groups, message ids and dates with comments', () => {
    expect(asGroupedAddresses('Équipe: a@x.fr, "B, b" <b@x.fr>;, c@x.fr')).toEqual([
      {
        name: 'Équipe',
        addresses: [
          { name: null, email: 'a@x.fr' },
          { name: 'B, b', email: 'b@x.fr' },
        ],
      },
      { name: null, addresses: [{ name: null, email: 'c@x.fr' }] },
    ]);
    expect(asMessageIds(' <a@b> (comment) <c@d>')).toEqual(['a@b', 'c@d']);
    expect(asDate('Sat, 21 Nov 2026 17:45:00 +0100 (CET)')).toBe('2026-11-21T16:45:00Z');
    expect(asDate('not a date')).toBeNull();
  });
});

describe('MIME structure limits', () => {
  it('forbids multiparts nested deeper than MAX_MIME_DEPTH, and keeps the tree bounded', () => {
    expect(inspectMimeTree(nestedMultipart(MAX_MIME_DEPTH)).violation).toBeNull();
    expect(inspectMimeTree(nestedMultipart(MAX_MIME_DEPTH + 1)).violation).toBe('mime_depth');
    const { root, violation } = inspectMimeTree(nestedMultipart(2000));
    expect(violation).toBe('mime_depth');
    let depth = 0;
    for (let node = root; node.subParts[0]; node = node.subParts[0]) depth += 1;
    expect(depth).toBe(MAX_MIME_DEPTH);
  });

  it('forbids more than MAX_MIME_PARTS parts', () => {
    expect(inspectMimeTree(manyParts(MAX_MIME_PARTS - 1)).violation).toBeNull();
    const { root, violation } = inspectMimeTree(manyParts(MAX_MIME_PARTS + 10));
    expect(violation).toBe('mime_parts');
    expect(root.subParts.length).toBeLessThan(MAX_MIME_PARTS);
  });

  it('forbids a header field over MAX_HEADER_FIELD_BYTES (a 1 MiB Subject)', () => {
    expect(inspectMimeTree(longSubject(MAX_HEADER_FIELD_BYTES - 100)).violation).toBeNull();
    expect(parseMessage(longSubject(1024 * 1024)).violation).toBe('header_field');
  });
});
