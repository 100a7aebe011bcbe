import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { forgetAccess } from '../../../server/auth/access-cache.ts';
import type { MailboxDO } from '../../../server/mailbox/mailbox-do.ts';
import { Store } from '../../../server/mailbox/store.ts';
import {
  deliver,
  IMAP_USING,
  jmap,
  type Loose,
  makeAccount,
  rawMessage,
  result,
  roleId,
} from '../support/mail.ts';

async function storedIds(
  accountId: string,
  count: number,
  make = (i: number) => rawMessage({ subject: `Message ${i}` }),
) {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await deliver(accountId, make(i));
    if (r.status !== 'stored') throw new Error(r.status);
    ids.push(r.emailId);
  }
  return ids;
}

describe('Email/get', () => {
  it('returns header forms, keywords and the preview', async () => {
    const { token, accountId } = await makeAccount();
    const [id] = await storedIds(accountId, 1, () =>
      rawMessage({
        subject: '=?UTF-8?Q?Lettre_de_liaison_=C3=A0_lire?=',
        references: '<a@x.fr> <b@x.fr>',
        headers: { 'List-Post': '<mailto:liste@x.fr>' },
        body: 'Patient vu en consultation ce jour.',
      }),
    );
    const body = await jmap(token, [
      [
        'Email/get',
        {
          accountId,
          ids: [id],
          properties: [
            'subject',
            'preview',
            'keywords',
            'references',
            'sentAt',
            'header:Subject',
            'header:Subject:asText',
            'header:References:asMessageIds',
            'header:List-Post:asURLs',
            'header:Date:asDate',
            'header:X-Absent:all',
            'headers',
          ],
        },
        'g',
      ],
    ]);
    const [email] = result(body, 'Email/get').list;
    expect(email.subject).toBe('Lettre de liaison à lire');
    expect(email['header:Subject']).toBe(' =?UTF-8?Q?Lettre_de_liaison_=C3=A0_lire?=');
    expect(email['header:Subject:asText']).toBe('Lettre de liaison à lire');
    expect(email['header:References:asMessageIds']).toEqual(['a@x.fr', 'b@x.fr']);
    expect(email.references).toEqual(['a@x.fr', 'b@x.fr']);
    expect(email['header:List-Post:asURLs']).toEqual(['mailto:liste@x.fr']);
    expect(email['header:Date:asDate']).toBe('2026-11-22T07:00:00Z');
    expect(email['header:X-Absent:all']).toEqual([]);
    expect(email.preview).toBe('Patient vu en consultation ce jour.');
    expect(email.keywords).toEqual({});
    expect(email.headers.some((h: Loose) => h.name === 'Subject')).toBe(true);
  });

  it('returns imapUids and modSeq when asked with the IMAP capability, and refuses them without it', async () => {
    const { token, accountId } = await makeAccount();
    const [id] = await storedIds(accountId, 1);
    const inbox = await roleId(token, accountId, 'inbox');
    const archive = await roleId(token, accountId, 'archive');
    const properties = ['imapUids', 'modSeq'];
    const refused = await jmap(token, [['Email/get', { accountId, ids: [id], properties }, 'g']]);
    expect(refused.methodResponses[0]?.[1].type).toBe('invalidArguments');
    const body = await jmap(
      token,
      [
        [
          'Email/set',
          { accountId, update: { [id as string]: { [`mailboxIds/${archive}`]: true } } },
          's',
        ],
        ['Email/get', { accountId, ids: [id], properties }, 'g'],
        ['ImapFolder/sync', { accountId, mailboxId: archive }, 'a'],
        ['Email/get', { accountId, ids: [id] }, 'd'],
      ],
      IMAP_USING,
    );
    const email = result(body, 'Email/get', 'g').list[0];
    expect(email).toEqual({ id, imapUids: { [inbox]: 1, [archive]: 1 }, modSeq: email.modSeq });
    // The latest change is its filing in the archive.
    expect(email.modSeq).toBe(result(body, 'ImapFolder/sync').messages[0][2]);
    expect(result(body, 'Email/get', 'd').list[0]).not.toHaveProperty('imapUids');
  });

  it('refuses an unknown property with invalidArguments', async () => {
    const { token, accountId } = await makeAccount();
    const body = await jmap(token, [
      ['Email/get', { accountId, ids: [], properties: ['nope'] }, 'g'],
    ]);
    expect(body.methodResponses[0]?.[1].type).toBe('invalidArguments');
  });
});

describe('Email/set', () => {
  it('marks read, moves to trash and destroys, logging each change', async () => {
    const { token, accountId } = await makeAccount();
    const [id] = await storedIds(accountId, 1);
    const trash = await roleId(token, accountId, 'trash');
    const state = result(
      await jmap(token, [['Email/get', { accountId, ids: [] }, 'g']]),
      'Email/get',
    ).state;
    const body = await jmap(token, [
      [
        'Email/set',
        {
          accountId,
          ifInState: state,
          update: { [id as string]: { 'keywords/$seen': true, mailboxIds: { [trash]: true } } },
        },
        's',
      ],
      ['Email/get', { accountId, ids: [id], properties: ['keywords', 'mailboxIds'] }, 'g'],
      ['Email/changes', { accountId, sinceState: state }, 'c'],
    ]);
    expect(result(body, 'Email/set').updated).toEqual({ [id as string]: null });
    expect(result(body, 'Email/get').list[0]).toMatchObject({
      keywords: { $seen: true },
      mailboxIds: { [trash]: true },
    });
    expect(result(body, 'Email/changes').updated).toEqual([id]);
    const destroyed = await jmap(token, [
      ['Email/set', { accountId, destroy: [id] }, 's'],
      ['Email/changes', { accountId, sinceState: state }, 'c'],
    ]);
    expect(result(destroyed, 'Email/set').destroyed).toEqual([id]);
    expect(result(destroyed, 'Email/changes').destroyed).toEqual([id]);
    const traces = await env.DB.prepare('SELECT kind FROM traces WHERE bal_id = ? ORDER BY id')
      .bind(accountId)
      .all();
    expect(traces.results.map((t) => t.kind)).toEqual(['mail_moved', 'mail_deleted']);
  });

  it('answers stateMismatch when ifInState is stale', async () => {
    const { token, accountId } = await makeAccount();
    const body = await jmap(token, [
      ['Email/set', { accountId, ifInState: '12345', destroy: [] }, 's'],
    ]);
    expect(body.methodResponses[0]?.[1].type).toBe('stateMismatch');
  });

  it('creates a draft with a text body that reads back the same', async () => {
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
              keywords: { $draft: true },
              from: [{ name: 'Dr Claire Martin', email: bal.address }],
              to: [{ name: 'Dr Élise Noël', email: 'elise.noel@medecin.pli.mssante.fr' }],
              subject: 'Adressage — patiente de 54 ans',
              bodyValues: { t: { value: 'Chère consœur,\nJe vous adresse…' } },
              textBody: [{ partId: 't', type: 'text/plain' }],
            },
          },
        },
        's',
      ],
      [
        'Email/get',
        {
          accountId,
          ids: ['#d'],
          properties: [
            'subject',
            'to',
            'keywords',
            'bodyValues',
            'textBody',
            'header:X-MSS-NIL:asText',
            'messageId',
          ],
          fetchTextBodyValues: true,
        },
        'g',
      ],
    ]);
    const [email] = result(body, 'Email/get').list;
    expect(email.subject).toBe('Adressage — patiente de 54 ans');
    expect(email.to).toEqual([
      { name: 'Dr Élise Noël', email: 'elise.noel@medecin.pli.mssante.fr' },
    ]);
    expect(email.keywords).toEqual({ $draft: true });
    expect(email.bodyValues[email.textBody[0].partId].value).toBe(
      'Chère consœur,\nJe vous adresse…',
    );
    expect(email['header:X-MSS-NIL:asText']).toBeTruthy();
    expect(email.messageId[0]).toMatch(/@medecin\.pli\.mssante\.fr$/);
  });

  it('stores a draft that fills the quota exactly and refuses the same one byte over', async () => {
    const { token, accountId } = await makeAccount();
    const drafts = await roleId(token, accountId, 'drafts');
    const draft = {
      mailboxIds: { [drafts]: true },
      subject: 'Ordonnance',
      sentAt: '2026-11-22T08:00:00Z',
      bodyValues: { t: { value: 'Renouvellement pour trois mois.' } },
      textBody: [{ partId: 't' }],
    };
    const create = () => jmap(token, [['Email/set', { accountId, create: { d: draft } }, 's']]);
    const probe = result(await create(), 'Email/set').created.d;
    await jmap(token, [['Email/set', { accountId, destroy: [probe.id] }, 'x']]);
    // The quota reaches the DO with the caller's access, cached up to ACCESS_TTL_MS: the
    // test forgets it at once.
    const setQuota = async (bytes: number) => {
      await env.DB.prepare('UPDATE bals SET quota_bytes = ? WHERE id = ?')
        .bind(bytes, accountId)
        .run();
      forgetAccess();
    };
    await setQuota(probe.size - 1);
    expect(result(await create(), 'Email/set').notCreated.d.type).toBe('overQuota');
    await setQuota(probe.size);
    expect(result(await create(), 'Email/set').created.d.size).toBe(probe.size);
  });

  it('creates a draft from a bodyStructure with a text part and an uploaded attachment', async () => {
    const { token, accountId } = await makeAccount();
    const drafts = await roleId(token, accountId, 'drafts');
    const pdf = new Uint8Array(256).map((_, i) => i);
    const { exports } = await import('cloudflare:workers');
    const uploaded = (await (
      await exports.default.fetch(`http://pli.test/jmap/upload/${accountId}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/pdf' },
        body: pdf,
      })
    ).json()) as { blobId: string };
    const body = await jmap(token, [
      [
        'Email/set',
        {
          accountId,
          create: {
            d: {
              mailboxIds: { [drafts]: true },
              subject: 'Bilan',
              bodyValues: { t: { value: 'Ci-joint le bilan.' } },
              bodyStructure: {
                type: 'multipart/mixed',
                subParts: [
                  { partId: 't', type: 'text/plain' },
                  {
                    blobId: uploaded.blobId,
                    type: 'application/pdf',
                    name: 'bilan.pdf',
                    disposition: 'attachment',
                  },
                ],
              },
            },
          },
        },
        's',
      ],
      ['Email/get', { accountId, ids: ['#d'], properties: ['attachments', 'preview'] }, 'g'],
    ]);
    const [email] = result(body, 'Email/get').list;
    expect(email.preview).toBe('Ci-joint le bilan.');
    expect(email.attachments).toEqual([
      expect.objectContaining({ name: 'bilan.pdf', type: 'application/pdf', size: 256 }),
    ]);
  });

  it('refuses a draft that would take the mailbox one byte over its quota', async () => {
    const { token, accountId } = await makeAccount(undefined, 300);
    const drafts = await roleId(token, accountId, 'drafts');
    const body = await jmap(token, [
      [
        'Email/set',
        {
          accountId,
          create: {
            d: {
              mailboxIds: { [drafts]: true },
              subject: 'x',
              bodyValues: { t: { value: 'y'.repeat(400) } },
              textBody: [{ partId: 't' }],
            },
          },
        },
        's',
      ],
    ]);
    expect(result(body, 'Email/set').notCreated.d.type).toBe('overQuota');
  });
});

describe('Email/query', () => {
  it('filters by text, sender, keyword and folder, sorts and pages with an anchor', async () => {
    const { token, accountId } = await makeAccount();
    const ids = await storedIds(accountId, 5, (i) =>
      rawMessage({
        subject: i === 3 ? 'Résultat de scanner' : `Courrier ${i}`,
        from: i === 1 ? 'Labo Cerba <labo@cerba.mssante.fr>' : undefined,
      }),
    );
    await jmap(token, [
      [
        'Email/set',
        { accountId, update: { [ids[2] as string]: { 'keywords/$flagged': true } } },
        's',
      ],
    ]);
    const body = await jmap(token, [
      ['Email/query', { accountId, filter: { text: 'resultat' } }, 'text'],
      ['Email/query', { accountId, filter: { from: 'cerba' } }, 'from'],
      ['Email/query', { accountId, filter: { hasKeyword: '$flagged' } }, 'kw'],
      [
        'Email/query',
        {
          accountId,
          filter: { operator: 'NOT', conditions: [{ hasKeyword: '$flagged' }] },
          calculateTotal: true,
        },
        'not',
      ],
      [
        'Email/query',
        { accountId, sort: [{ property: 'subject', isAscending: true }], limit: 2 },
        'sorted',
      ],
      ['Email/query', { accountId, anchor: ids[2], anchorOffset: 1, limit: 2 }, 'anchor'],
      ['Email/query', { accountId, anchor: 'nope' }, 'bad'],
    ]);
    expect(result(body, 'Email/query', 'text').ids).toEqual([ids[3]]);
    expect(result(body, 'Email/query', 'from').ids).toEqual([ids[1]]);
    expect(result(body, 'Email/query', 'kw').ids).toEqual([ids[2]]);
    expect(result(body, 'Email/query', 'not').total).toBe(4);
    expect(result(body, 'Email/query', 'sorted').ids).toEqual([ids[0], ids[1]]);
    const all = [...ids].reverse();
    const anchored = result(body, 'Email/query', 'anchor');
    expect(anchored.ids).toEqual(
      all.slice(all.indexOf(ids[2] as string) + 1, all.indexOf(ids[2] as string) + 3),
    );
    expect(body.methodResponses.find((r) => r[2] === 'bad')?.[1].type).toBe('anchorNotFound');
  });

  it('collapses threads to their newest message', async () => {
    const { token, accountId } = await makeAccount();
    const first = await deliver(accountId, rawMessage({ messageId: 't1@x.fr' }));
    const reply = await deliver(accountId, rawMessage({ inReplyTo: 't1@x.fr' }));
    const other = await deliver(accountId, rawMessage());
    const body = await jmap(token, [['Email/query', { accountId, collapseThreads: true }, 'q']]);
    const id = (r: typeof first) => (r.status === 'stored' ? r.emailId : '');
    expect(result(body, 'Email/query').ids.sort()).toEqual([id(reply), id(other)].sort());
    expect(result(body, 'Email/query').ids).not.toContain(id(first));
  });

  it('reports queryChanges as removed then added ids at their index', async () => {
    const { token, accountId } = await makeAccount();
    const inbox = await roleId(token, accountId, 'inbox');
    await storedIds(accountId, 2);
    const q = result(
      await jmap(token, [['Email/query', { accountId, filter: { inMailbox: inbox } }, 'q']]),
      'Email/query',
    );
    const [added] = await storedIds(accountId, 1);
    const body = await jmap(token, [
      [
        'Email/queryChanges',
        { accountId, filter: { inMailbox: inbox }, sinceQueryState: q.queryState },
        'c',
      ],
      [
        'Email/queryChanges',
        { accountId, filter: { inMailbox: inbox }, sinceQueryState: q.queryState, maxChanges: 0 },
        'm',
      ],
      [
        'Email/queryChanges',
        { accountId, collapseThreads: true, sinceQueryState: q.queryState },
        't',
      ],
    ]);
    const changes = result(body, 'Email/queryChanges', 'c');
    expect(changes.added).toEqual([{ id: added, index: 0 }]);
    expect(changes.oldQueryState).toBe(q.queryState);
    expect(body.methodResponses.find((r) => r[2] === 'm')?.[1].type).toBe('tooManyChanges');
    expect(result(body, 'Email/queryChanges', 't').added).toEqual([{ id: added, index: 0 }]);
  });

  it('reports collapsed queryChanges that turn the old list into the new one when a reply takes the place of its thread', async () => {
    const { token, accountId } = await makeAccount();
    const first = await deliver(accountId, rawMessage({ messageId: 'c1@x.fr' }));
    await storedIds(accountId, 2);
    const ask = { accountId, collapseThreads: true };
    const before = result(await jmap(token, [['Email/query', ask, 'q']]), 'Email/query');
    const reply = await deliver(accountId, rawMessage({ inReplyTo: 'c1@x.fr' }));
    const body = await jmap(token, [
      ['Email/queryChanges', { ...ask, sinceQueryState: before.queryState }, 'c'],
      ['Email/query', ask, 'q'],
    ]);
    const changes = result(body, 'Email/queryChanges');
    const after = result(body, 'Email/query').ids as string[];
    expect(changes.removed).toContain(first.status === 'stored' ? first.emailId : '');
    // RFC 8620 section 5.6: drop every removed id, then insert the added ones in order.
    const patched = (before.ids as string[]).filter((id) => !changes.removed.includes(id));
    for (const { id, index } of changes.added as { id: string; index: number }[]) {
      patched.splice(index, 0, id);
    }
    expect(patched).toEqual(after);
    expect(after[0]).toBe(reply.status === 'stored' ? reply.emailId : '');
    expect(before.canCalculateChanges).toBe(true);
  });
});

describe('Email/changes', () => {
  it('pages with maxChanges until hasMoreChanges is false and ends on the current state', async () => {
    const { token, accountId } = await makeAccount();
    const start = result(
      await jmap(token, [['Email/get', { accountId, ids: [] }, 'g']]),
      'Email/get',
    ).state;
    const ids = await storedIds(accountId, 5);
    const seen: string[] = [];
    let since = start;
    let pages = 0;
    for (;;) {
      const page = result(
        await jmap(token, [
          ['Email/changes', { accountId, sinceState: since, maxChanges: 2 }, 'c'],
        ]),
        'Email/changes',
      );
      expect(page.created.length + page.updated.length + page.destroyed.length).toBeLessThanOrEqual(
        2,
      );
      seen.push(...page.created);
      since = page.newState;
      pages += 1;
      if (!page.hasMoreChanges) break;
    }
    expect(seen).toEqual(ids);
    expect(pages).toBe(3);
    const current = result(
      await jmap(token, [['Email/get', { accountId, ids: [] }, 'g']]),
      'Email/get',
    ).state;
    expect(since).toBe(current);
  });

  it('answers cannotCalculateChanges for a state older than the pruned tombstones', async () => {
    const { token, accountId } = await makeAccount();
    const start = result(
      await jmap(token, [['Email/get', { accountId, ids: [] }, 'g']]),
      'Email/get',
    ).state;
    const [id] = await storedIds(accountId, 1);
    await jmap(token, [['Email/set', { accountId, destroy: [id] }, 's']]);
    const stub = env.MAILBOX.get(env.MAILBOX.idFromName(accountId));
    await runInDurableObject(stub, (_instance: MailboxDO, state) => {
      const store = new Store(state.storage, env, accountId);
      store.pruneChanges('Email', store.modseq());
    });
    const body = await jmap(token, [['Email/changes', { accountId, sinceState: start }, 'c']]);
    expect(body.methodResponses[0]?.[1].type).toBe('cannotCalculateChanges');
  });
});

describe('the change log', () => {
  it('keeps only the newest tombstones, so it never grows without end', async () => {
    const { token, accountId } = await makeAccount();
    const start = result(
      await jmap(token, [['Email/get', { accountId, ids: [] }, 'g']]),
      'Email/get',
    ).state;
    const ids = await storedIds(accountId, 4);
    for (const id of ids) await jmap(token, [['Email/set', { accountId, destroy: [id] }, 's']]);
    const stub = env.MAILBOX.get(env.MAILBOX.idFromName(accountId));
    const left = await runInDurableObject(stub, (_instance: MailboxDO, state) => {
      const store = new Store(state.storage, env, accountId);
      store.pruneTombstones('Email', 2);
      return state.storage.sql
        .exec<{ id: string }>(
          "SELECT id FROM changes WHERE type = 'Email' AND destroyed = 1 ORDER BY modseq",
        )
        .toArray()
        .map((row) => row.id);
    });
    expect(left).toEqual(ids.slice(2));
    const body = await jmap(token, [['Email/changes', { accountId, sinceState: start }, 'c']]);
    expect(body.methodResponses[0]?.[1].type).toBe('cannotCalculateChanges');
  });
});

describe('Email/import and Email/parse', () => {
  it('imports an uploaded message into a folder and parses it without storing', async () => {
    const { token, accountId } = await makeAccount();
    const archive = await roleId(token, accountId, 'archive');
    const raw = rawMessage({ subject: 'Ancien courrier' });
    const upload = await (await import('cloudflare:workers')).exports.default.fetch(
      `http://pli.test/jmap/upload/${accountId}`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'message/rfc822' },
        body: raw,
      },
    );
    expect(upload.status).toBe(201);
    const { blobId, size } = (await upload.json()) as { blobId: string; size: number };
    expect(size).toBe(raw.byteLength);
    const body = await jmap(token, [
      [
        'Email/parse',
        { accountId, blobIds: [blobId, 'f'.repeat(64)], properties: ['subject', 'from'] },
        'p',
      ],
      [
        'Email/import',
        {
          accountId,
          emails: {
            i: {
              blobId,
              mailboxIds: { [archive]: true },
              keywords: { $seen: true },
              receivedAt: '2020-01-02T03:04:05Z',
            },
          },
        },
        'i',
      ],
      [
        'Email/get',
        { accountId, ids: ['#i'], properties: ['subject', 'receivedAt', 'mailboxIds'] },
        'g',
      ],
    ]);
    const parsed = result(body, 'Email/parse');
    expect(parsed.parsed[blobId].subject).toBe('Ancien courrier');
    expect(parsed.notFound).toEqual(['f'.repeat(64)]);
    expect(result(body, 'Email/get').list[0]).toMatchObject({
      subject: 'Ancien courrier',
      receivedAt: '2020-01-02T03:04:05Z',
      mailboxIds: { [archive]: true },
    });
  });
});

describe('SearchSnippet/get', () => {
  it('highlights the searched word in subject and preview, escaping HTML', async () => {
    const { token, accountId } = await makeAccount();
    const [id] = await storedIds(accountId, 1, () =>
      rawMessage({ subject: 'Scanner <thoracique>', body: 'Le scanner montre une image.' }),
    );
    const body = await jmap(token, [
      ['SearchSnippet/get', { accountId, filter: { text: 'scanner' }, emailIds: [id] }, 's'],
    ]);
    const [snippet] = result(body, 'SearchSnippet/get').list;
    expect(snippet.subject).toBe('<mark>Scanner</mark> &lt;thoracique&gt;');
    expect(snippet.preview).toContain('<mark>scanner</mark>');
  });

  it('finds words deep in the body whatever their case and accents, and shows them as written', async () => {
    const { token, accountId } = await makeAccount();
    const filler = 'Examen clinique sans particularité. '.repeat(20);
    const [id] = await storedIds(accountId, 1, () =>
      rawMessage({ subject: 'Suivi', body: `${filler}Découverte d'une HÉPATOMÉGALIE modérée.` }),
    );
    await storedIds(accountId, 2);
    const body = await jmap(token, [
      ['Email/query', { accountId, filter: { body: 'hepatomegalie' } }, 'b'],
      ['Email/query', { accountId, filter: { text: 'Découverte d' } }, 't'],
      ['Email/query', { accountId, filter: { text: 'hé' } }, 's'],
      ['SearchSnippet/get', { accountId, filter: { text: 'hepatomegalie' }, emailIds: [id] }, 'n'],
    ]);
    expect(result(body, 'Email/query', 'b').ids).toEqual([id]);
    expect(result(body, 'Email/query', 't').ids).toEqual([id]);
    expect(result(body, 'SearchSnippet/get').list[0].preview).toContain(
      '<mark>HÉPATOMÉGALIE</mark>',
    );
    expect(body.methodResponses.find((r) => r[2] === 's')?.[0]).toBe('Email/query');
  });
});
