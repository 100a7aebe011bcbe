import { describe, expect, it } from 'vitest';
import { jmap, type Loose, makeAccount, result, roleId } from '../support/mail.ts';

async function create(fields: Loose) {
  const { token, accountId, bal } = await makeAccount();
  const drafts = await roleId(token, accountId, 'drafts');
  const body = await jmap(token, [
    [
      'Email/set',
      {
        accountId,
        create: {
          d: {
            mailboxIds: { [drafts]: true },
            from: [{ name: null, email: bal.address }],
            bodyValues: { t: { value: 'Bonjour.' } },
            textBody: [{ partId: 't', type: 'text/plain' }],
            ...fields,
          },
        },
      },
      's',
    ],
    ['Email/query', { accountId }, 'q'],
    [
      'Email/get',
      {
        accountId,
        '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
        properties: [
          'subject',
          'header:X-Service:asText',
          'header:X-Suivi:all',
          'header:List-Help:asURLs',
          'header:Comments:asText',
        ],
      },
      'g',
    ],
  ]);
  return { set: result(body, 'Email/set'), body };
}

describe('Email/set create with header: properties', () => {
  it('writes each header property in its form, a repeated field once per value', async () => {
    const { set, body } = await create({
      'header:Subject:asText': 'Compte rendu opératoire',
      'header:X-Service:asText': 'Cardiologie — hôpital',
      'header:X-Suivi:asRaw:all': ['dossier 1', 'dossier 2'],
      'header:List-Help:asURLs': ['https://pli.example/aide'],
    });
    expect(set.notCreated).toBeNull();
    const [email] = result(body, 'Email/get').list;
    expect(email.subject).toBe('Compte rendu opératoire');
    expect(email['header:X-Service:asText']).toBe('Cardiologie — hôpital');
    expect(email['header:X-Suivi:all']).toEqual([' dossier 1', ' dossier 2']);
    expect(email['header:List-Help:asURLs']).toEqual(['https://pli.example/aide']);
    expect(email['header:Comments:asText']).toBeNull();
  });

  it('forbids a header property beside the property it stands for: invalidProperties, nothing stored', async () => {
    const { set, body } = await create({ subject: 'A', 'header:Subject:asText': 'B' });
    expect(set.notCreated.d).toMatchObject({
      type: 'invalidProperties',
      properties: ['header:Subject:asText', 'subject'],
    });
    expect(result(body, 'Email/query').ids).toEqual([]);
  });

  it('forbids setting the fields the server writes (Content-*, Message-ID, X-MSS-NIL, Sender)', async () => {
    for (const key of [
      'header:Content-Type',
      'header:Message-ID:asMessageIds',
      'header:X-MSS-NIL',
      'header:Sender:asAddresses',
    ]) {
      const value = key.endsWith('asMessageIds')
        ? ['x@y.fr']
        : key.endsWith('asAddresses')
          ? [{ email: 'a@b.fr' }]
          : 'text/html';
      const { set } = await create({ [key]: value });
      expect(set.notCreated.d, key).toMatchObject({ type: 'invalidProperties', properties: [key] });
    }
  });

  it('forbids a raw value that would start a new header field (CR LF injection)', async () => {
    const { set, body } = await create({ 'header:X-Suivi': 'a\r\nBcc: espion@example.org' });
    expect(set.notCreated.d).toMatchObject({
      type: 'invalidProperties',
      properties: ['header:X-Suivi'],
    });
    expect(result(body, 'Email/query').ids).toEqual([]);
  });
});
