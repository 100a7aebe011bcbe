import { describe, expect, it } from 'vitest';
import { MAX_MIME_DEPTH } from '../../../shared/mssante/limits.ts';
import { jmap, type Loose, makeAccount, result, roleId } from '../support/mail.ts';

describe('Email/set create structure limits', () => {
  it('forbids a 1 MiB Subject: invalidProperties, nothing stored', async () => {
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
              subject: 'S'.repeat(1024 * 1024),
              bodyValues: { t: { value: 'Bonjour.' } },
              textBody: [{ partId: 't', type: 'text/plain' }],
            },
          },
        },
        's',
      ],
      ['Email/query', { accountId }, 'q'],
    ]);
    const set = result(body, 'Email/set');
    expect(set.created).toBeNull();
    expect(set.notCreated.d.type).toBe('invalidProperties');
    expect(set.notCreated.d.description).toContain('header field');
    expect(result(body, 'Email/query').ids).toEqual([]);
  });

  it('forbids a bodyStructure nested deeper than MAX_MIME_DEPTH', async () => {
    const { token, accountId } = await makeAccount();
    const drafts = await roleId(token, accountId, 'drafts');
    let part: Loose = { partId: 't', type: 'text/plain' };
    for (let i = 0; i <= MAX_MIME_DEPTH; i++) part = { type: 'multipart/mixed', subParts: [part] };
    const body = await jmap(token, [
      [
        'Email/set',
        {
          accountId,
          create: {
            d: {
              mailboxIds: { [drafts]: true },
              bodyValues: { t: { value: 'Bonjour.' } },
              bodyStructure: part,
            },
          },
        },
        's',
      ],
    ]);
    expect(result(body, 'Email/set').notCreated.d).toMatchObject({
      type: 'invalidProperties',
      properties: ['bodyStructure'],
    });
  });
});
