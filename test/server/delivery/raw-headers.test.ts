import { describe, expect, it } from 'vitest';
import { addressesOf, readHeaders } from '../../../server/delivery/raw-headers.ts';
import { headerValue } from '../../../server/mail/mime-tree.ts';

describe('raw header reading', () => {
  it('reads the unfolded header fields of the header section only', () => {
    const raw = new TextEncoder().encode(
      'Subject: =?UTF-8?Q?R=C3=A9sultats?=\r\n du jour\r\nMessage-ID: <a@b>\r\n\r\nFrom: body@x.fr\r\n',
    );
    const headers = readHeaders(raw);
    expect(headerValue(headers, 'subject')).toBe('=?UTF-8?Q?R=C3=A9sultats?= du jour');
    expect(headerValue(headers, 'Message-ID')).toBe('<a@b>');
    expect(headerValue(headers, 'From')).toBeUndefined();
  });

  it('lists the lower-case addr-specs of an address list, quoted commas and groups included', () => {
    expect(
      addressesOf('"Martin, Claire" <Claire@X.fr>, bob@y.fr (Bob), Équipe: a@b.fr, d@e.fr;, <>'),
    ).toEqual(['claire@x.fr', 'bob@y.fr', 'a@b.fr', 'd@e.fr']);
    expect(addressesOf(undefined)).toEqual([]);
  });
});
