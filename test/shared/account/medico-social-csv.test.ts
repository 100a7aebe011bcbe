import { describe, expect, it } from 'vitest';
import { parseMedicoSocialCsv, readCsvRecords } from '../../../shared/account/medico-social-csv.ts';

describe('parseMedicoSocialCsv', () => {
  it('reads ; or , separated files with quoted fields, columns in any order', () => {
    const text = 'email,nom,prenom,idNat\n"a@example.org","Le Gall, épouse Roux",Anne,0123456789';
    expect(parseMedicoSocialCsv(text)).toEqual({
      accounts: [
        {
          idNat: '0123456789',
          civility: null,
          familyName: 'Le Gall, épouse Roux',
          givenName: 'Anne',
          email: 'a@example.org',
          mobile: null,
          professionCode: null,
        },
      ],
      errors: [],
    });
  });

  it('reports bad rows by line and keeps the good ones', () => {
    const text = [
      'idNat;nom;prenom;email;mobile',
      '01;X;Y;a@b.fr;',
      '0123456789;X;;a@b.fr;',
      '0123456789;X;Y;a@b.fr;0112',
    ].join('\n');
    expect(parseMedicoSocialCsv(text).errors).toEqual([
      { line: 2, reason: 'invalid_id' },
      { line: 3, reason: 'missing_field' },
      { line: 4, reason: 'invalid_mobile' },
    ]);
  });

  it('splits quotes with doubled quotes', () => {
    expect(readCsvRecords('"a ""b""";c', ';')).toEqual([{ line: 1, fields: ['a "b"', 'c'] }]);
  });

  it('keeps a line break inside a quoted field and reports later rows on their real line', () => {
    const text = [
      'idNat;nom;prenom;email;mobile',
      '0123456789;"Durand',
      'Le Gall";Anne;anne@example.org;',
      '01;X;Y;a@b.fr;',
    ].join('\r\n');
    const { accounts, errors } = parseMedicoSocialCsv(text);
    expect(accounts.map((a) => [a.idNat, a.familyName, a.email])).toEqual([
      ['0123456789', 'Durand\nLe Gall', 'anne@example.org'],
    ]);
    expect(errors).toEqual([{ line: 4, reason: 'invalid_id' }]);
  });
});
