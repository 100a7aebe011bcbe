import { describe, expect, inject, it } from 'vitest';
import { demoDeviceToken } from '../../scripts/lib/dev-login.ts';

const baseUrl = inject('baseUrl');

const ELODIE = '810100010031'; // holder (infirmier)
const THOMAS = '810100010049'; // the delegate, added by his RPPS
const KARIM = '810100010023'; // the recipient

/** Logs a demo person in and creates a device token for them (mail only). */
function signIn(idNat: string) {
  return demoDeviceToken(baseUrl, idNat, 'e2e délégation');
}

/** A person-only route (directory, delegations, history): the session, not the token. */
function asPerson(
  who: { cookie: string; csrf: string },
  path: string,
  init: { method?: string; body?: unknown } = {},
) {
  return fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { Cookie: who.cookie, 'X-CSRF-Token': who.csrf, 'Content-Type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

function api(token: string, path: string, init: { method?: string; body?: unknown } = {}) {
  return fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

type Invocation = [string, Record<string, unknown>, string];

async function jmap(token: string, calls: Invocation[]): Promise<Invocation[]> {
  const response = await api(token, '/jmap/api', {
    method: 'POST',
    body: {
      using: [
        'urn:ietf:params:jmap:core',
        'urn:ietf:params:jmap:mail',
        'urn:ietf:params:jmap:submission',
      ],
      methodCalls: calls,
    },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { methodResponses: Invocation[] }).methodResponses;
}

async function accounts(token: string): Promise<Record<string, { name: string }>> {
  const session = (await (await api(token, '/.well-known/jmap')).json()) as {
    accounts: Record<string, { name: string }>;
  };
  return session.accounts;
}

describe('delegation, end to end', () => {
  it('a delegate added by RPPS works in the BAL, sends from it, and is shut out on revocation', async () => {
    const elodie = await signIn(ELODIE);
    const thomas = await signIn(THOMAS);
    const karim = await signIn(KARIM);

    // The holder finds the delegate in the directory, then adds him by RPPS.
    const found = (await (await asPerson(elodie, '/api/directory?q=10100010049')).json()) as {
      results: { idNat: string }[];
    };
    expect(found.results[0]?.idNat).toBe(THOMAS);
    const added = await asPerson(elodie, '/api/delegations', {
      method: 'POST',
      body: { bal: elodie.address, idNat: '10100010049' },
    });
    expect(added.status).toBe(201);
    const { id } = (await added.json()) as { id: string };

    // The delegate sees the BAL as one more JMAP account.
    const balId = Object.entries(await accounts(thomas.token)).find(
      ([, a]) => a.name === elodie.address,
    )?.[0];
    expect(balId).toBeDefined();

    // He sends a message from the BAL.
    const subject = `Transmission infirmière ${crypto.randomUUID().slice(0, 8)}`;
    const [mailboxes, identities] = await jmap(thomas.token, [
      ['Mailbox/get', { accountId: balId }, 'm'],
      ['Identity/get', { accountId: balId }, 'i'],
    ]);
    const list = ((mailboxes as Invocation)[1] as { list: { id: string; role: string | null }[] })
      .list;
    const drafts = list.find((m) => m.role === 'drafts')?.id as string;
    const identity = ((identities as Invocation)[1] as { list: { id: string; email: string }[] })
      .list[0];
    expect(identity?.email).toBe(elodie.address);
    const sent = await jmap(thomas.token, [
      [
        'Email/set',
        {
          accountId: balId,
          create: {
            d: {
              mailboxIds: { [drafts]: true },
              keywords: { $draft: true },
              from: [{ email: elodie.address }],
              to: [{ email: karim.address }],
              subject,
              bodyValues: { b: { value: 'Pansement refait ce matin, cicatrisation correcte.' } },
              textBody: [{ partId: 'b', type: 'text/plain' }],
            },
          },
        },
        'e',
      ],
      [
        'EmailSubmission/set',
        { accountId: balId, create: { s: { identityId: identity?.id, emailId: '#d' } } },
        's',
      ],
    ]);
    expect(sent.map((r) => r[0])).not.toContain('error');
    expect(Object.keys(((sent[1] as Invocation)[1] as { created?: object }).created ?? {})).toEqual(
      ['s'],
    );

    // The recipient sees the BAL as the author…
    const karimAccount = Object.entries(await accounts(karim.token)).find(
      ([, a]) => a.name === karim.address,
    )?.[0];
    let from: unknown;
    let sender: unknown;
    for (let attempt = 0; attempt < 20 && !from; attempt++) {
      const [, got] = await jmap(karim.token, [
        ['Email/query', { accountId: karimAccount, filter: { subject } }, 'q'],
        [
          'Email/get',
          {
            accountId: karimAccount,
            '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
            properties: ['from', 'sender'],
          },
          'g',
        ],
      ]);
      const found = ((got as Invocation)[1] as { list: { from: unknown; sender: unknown }[] })
        .list[0];
      from = found?.from;
      sender = found?.sender;
      if (!from) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(from).toEqual([expect.objectContaining({ email: elodie.address })]);
    // …written by the delegate, named in Sender (RFC 5322 section 3.6.2).
    // The name as Pro Santé Connect last gave it (family names come in capitals), or as
    // the directory seeded it before his first login.
    expect(sender).toEqual([
      { name: expect.stringMatching(/^Thomas Lefèvre$/i), email: thomas.address },
    ]);

    // The recipient is now among the delegate's recent correspondents.
    let recent: string[] = [];
    for (let attempt = 0; attempt < 20 && !recent.includes(karim.address); attempt++) {
      const body = (await (await asPerson(thomas, '/api/directory/recent')).json()) as {
        items: { address: string }[];
      };
      recent = body.items.map((i) => i.address);
      if (!recent.includes(karim.address)) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(recent).toContain(karim.address);

    // The holder's history names the delegate as the one who sent it.
    const history = (await (
      await asPerson(elodie, `/api/traces?bal=${elodie.address}`)
    ).json()) as {
      items: { kind: string; actor: { idNat: string } | null }[];
    };
    expect(history.items.find((t) => t.kind === 'mail_sent')?.actor?.idNat).toBe(THOMAS);

    // The holder revokes: the delegate's very next request to the BAL fails.
    expect((await asPerson(elodie, `/api/delegations/${id}`, { method: 'DELETE' })).status).toBe(
      204,
    );
    const [refused] = await jmap(thomas.token, [['Mailbox/get', { accountId: balId }, 'm']]);
    expect(refused?.[0]).toBe('error');
    expect(refused?.[1]).toMatchObject({ type: 'accountNotFound' });
    expect(Object.values(await accounts(thomas.token)).map((a) => a.name)).not.toContain(
      elodie.address,
    );
  });
});
