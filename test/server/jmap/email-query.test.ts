import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { MAX_FILTER_DEPTH, MAX_REQUEST_DEPTH } from '../../../shared/jmap/limits.ts';
import {
  deliver,
  IMAP_USING,
  jmap,
  type Loose,
  makeAccount,
  rawMessage,
  result,
  USING,
} from '../support/mail.ts';

function nestedFilter(depth: number): Loose {
  let filter: Loose = { hasKeyword: '$flagged' };
  for (let i = 0; i < depth; i++) filter = { operator: 'AND', conditions: [filter] };
  return filter;
}

describe('Email/query filter nesting', () => {
  it('forbids a filter nested 3,000 deep: a limit problem before any method runs, not serverFail', async () => {
    const { token, accountId } = await makeAccount();
    const response = await exports.default.fetch('http://pli.test/jmap/api', {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        using: USING,
        methodCalls: [['Email/query', { accountId, filter: nestedFilter(3000) }, 'q']],
      }),
    });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Loose;
    expect(problem.type).toBe('urn:ietf:params:jmap:error:limit');
    expect(problem.limit).toBe('maxDepthInRequest');
    expect(problem.detail).toContain(String(MAX_REQUEST_DEPTH));
  });

  it('forbids a filter of more than MAX_FILTER_DEPTH operators with unsupportedFilter', async () => {
    const { token, accountId } = await makeAccount();
    const body = await jmap(token, [
      ['Email/query', { accountId, filter: nestedFilter(MAX_FILTER_DEPTH) }, 'ok'],
      ['Email/query', { accountId, filter: nestedFilter(MAX_FILTER_DEPTH + 1) }, 'deep'],
    ]);
    expect(body.methodResponses[0]?.[0]).toBe('Email/query');
    expect(body.methodResponses[1]).toEqual([
      'error',
      {
        type: 'unsupportedFilter',
        description: `The filter nests more than ${MAX_FILTER_DEPTH} operators.`,
      },
      'deep',
    ]);
  });
});

describe('Email/query header filter', () => {
  it('matches [name] on the presence of a header field and [name, value] on its value, case and accents ignored', async () => {
    const { token, accountId } = await makeAccount();
    const stored = async (headers: Record<string, string>) => {
      const result = await deliver(accountId, rawMessage({ headers }));
      return result.status === 'stored' ? result.emailId : '';
    };
    const labo = await stored({ 'X-Labo-Dossier': 'Résultat =?utf-8?q?H=C3=A9matologie?= 4521' });
    const other = await stored({ 'X-Labo-Dossier': 'Biochimie 9870' });
    const plain = await stored({});
    const query = async (filter: Loose) =>
      result(await jmap(token, [['Email/query', { accountId, filter }, 'q']]), 'Email/query')
        .ids as string[];
    expect((await query({ header: ['x-labo-dossier'] })).sort()).toEqual([labo, other].sort());
    expect(await query({ header: ['X-LABO-DOSSIER', 'hematologie'] })).toEqual([labo]);
    expect(await query({ header: ['X-Labo-Dossier', 'RÉSULTAT HÉMATO'] })).toEqual([labo]);
    expect(await query({ operator: 'NOT', conditions: [{ header: ['X-Labo-Dossier'] }] })).toEqual([
      plain,
    ]);
    expect(await query({ header: ['Subject', 'zzz-absent'] })).toEqual([]);
  });

  it('answers invalidArguments for a header condition that is not [name] or [name, value]', async () => {
    const { token, accountId } = await makeAccount();
    const body = await jmap(token, [
      ['Email/query', { accountId, filter: { header: [] } }, 'a'],
      ['Email/query', { accountId, filter: { header: 'X-Labo' } }, 'b'],
      ['Email/query', { accountId, filter: { header: ['a', 'b', 'c'] } }, 'c'],
    ]);
    expect(body.methodResponses.map((r) => r[1].type)).toEqual([
      'invalidArguments',
      'invalidArguments',
      'invalidArguments',
    ]);
  });
});

describe('Email/query thread keyword sorts', () => {
  it('sorts on someInThreadHaveKeyword and allInThreadHaveKeyword, the whole thread counting', async () => {
    const { token, accountId } = await makeAccount();
    const stored = async (subject: string, inReplyTo?: string) => {
      const messageId = `${crypto.randomUUID()}@medecin.mssante.fr`;
      const r = await deliver(accountId, rawMessage({ subject, messageId, inReplyTo }));
      return { id: r.status === 'stored' ? r.emailId : '', messageId };
    };
    // Thread A: both flagged. Thread B: one of two flagged. C: alone, not flagged.
    const a1 = await stored('A');
    const a2 = await stored('Re: A', a1.messageId);
    const b1 = await stored('B');
    const b2 = await stored('Re: B', b1.messageId);
    const c = await stored('C');
    await jmap(token, [
      [
        'Email/set',
        {
          accountId,
          update: Object.fromEntries(
            [a1, a2, b1].map((e) => [e.id, { 'keywords/$flagged': true }]),
          ),
        },
        's',
      ],
    ]);
    const sorted = async (property: string) => {
      const sort = [
        { property, keyword: '$flagged', isAscending: false },
        { property: 'subject', isAscending: true },
      ];
      const body = await jmap(token, [['Email/query', { accountId, sort }, 'q']]);
      return result(body, 'Email/query').ids;
    };
    expect(await sorted('someInThreadHaveKeyword')).toEqual([a1.id, b1.id, a2.id, b2.id, c.id]);
    expect(await sorted('allInThreadHaveKeyword')).toEqual([a1.id, a2.id, b1.id, c.id, b2.id]);
  });
});

describe('Email/query by IMAP UID', () => {
  it('sorts a folder by imapUid with the IMAP capability, and refuses that sort without a folder or the capability', async () => {
    const { token, accountId } = await makeAccount();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await deliver(accountId, rawMessage());
      if (r.status !== 'stored') throw new Error(r.status);
      ids.push(r.emailId);
    }
    const [inbox] = result(
      await jmap(token, [['Mailbox/query', { accountId, filter: { role: 'inbox' } }, 'r']]),
      'Mailbox/query',
    ).ids;
    const byUid = (isAscending: boolean) => [{ property: 'imapUid', isAscending }];
    const body = await jmap(
      token,
      [
        ['Email/query', { accountId, filter: { inMailbox: inbox }, sort: byUid(true) }, 'up'],
        [
          'Email/query',
          {
            accountId,
            filter: { inMailbox: inbox },
            sort: byUid(false),
            anchor: ids[1],
            anchorOffset: 0,
          },
          'down',
        ],
        ['Email/query', { accountId, sort: byUid(true) }, 'all'],
      ],
      IMAP_USING,
    );
    expect(result(body, 'Email/query', 'up').ids).toEqual(ids);
    expect(result(body, 'Email/query', 'down')).toMatchObject({
      position: 1,
      ids: [ids[1], ids[0]],
    });
    expect(body.methodResponses[2]?.[1].type).toBe('unsupportedSort');
    const plain = await jmap(token, [
      ['Email/query', { accountId, filter: { inMailbox: inbox }, sort: byUid(true) }, 'q'],
    ]);
    expect(plain.methodResponses[0]?.[1].type).toBe('unsupportedSort');
  });
});

describe('Email/query subject filter', () => {
  it('matches a part of the subject of any length, case and accents ignored, a % or _ taken literally', async () => {
    const { token, accountId } = await makeAccount();
    const stored = async (subject: string) => {
      const result = await deliver(accountId, rawMessage({ subject }));
      return result.status === 'stored' ? result.emailId : '';
    };
    const reply = await stored("Réponse automatique : Renouvellement d'ordonnance 42");
    await stored('Compte rendu opératoire');
    const query = async (filter: Loose) =>
      result(await jmap(token, [['Email/query', { accountId, filter }, 'q']]), 'Email/query')
        .ids as string[];
    expect(
      await query({ subject: "Réponse automatique : Renouvellement d'ordonnance 42" }),
    ).toEqual([reply]);
    expect(await query({ subject: 'REPONSE AUTO' })).toEqual([reply]);
    expect(await query({ subject: '50%_' })).toEqual([]);
    // Terms under three characters: a scan, case ignored too.
    expect(await query({ text: "D'" })).toEqual([reply]);
    expect((await query({ body: 'BO' })).length).toBe(2);
    expect(
      await query({ header: ['Subject', "renouvellement d'ordonnance 42 (très long)"] }),
    ).toEqual([]);
  });
});
