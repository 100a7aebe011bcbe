import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { whitelistDomains } from '../support/delivery-factories.ts';
import {
  deliver,
  jmap,
  makeAccount,
  plainDraft,
  rawMessage,
  result,
  roleId,
  USING,
} from '../support/mail.ts';

/** A valid patient address: a 13-digit matricule and its key (97 - n mod 97). */
function patientAddress(matricule = '2840575123456') {
  const key = 97n - (BigInt(matricule) % 97n);
  return `${matricule}${String(key).padStart(2, '0')}@patient.mssante.fr`;
}

async function sendDraft(
  sender: Awaited<ReturnType<typeof makeAccount>>,
  draft: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) {
  const { token, accountId, bal } = sender;
  const drafts = await roleId(token, accountId, 'drafts');
  const sent = await roleId(token, accountId, 'sent');
  const identity = result(await jmap(token, [['Identity/get', { accountId }, 'i']]), 'Identity/get')
    .list[0];
  return jmap(
    token,
    [
      [
        'Email/set',
        {
          accountId,
          create: {
            draft: plainDraft(drafts, bal.address, {
              from: [{ name: 'Dr Claire Martin', email: bal.address }],
              ...draft,
            }),
          },
        },
        'e',
      ],
      [
        'EmailSubmission/set',
        {
          accountId,
          create: { sub: { identityId: identity.id, emailId: '#draft' } },
          onSuccessUpdateEmail: {
            '#sub': {
              [`mailboxIds/${drafts}`]: null,
              [`mailboxIds/${sent}`]: true,
              'keywords/$draft': null,
            },
          },
          ...extra,
        },
        's',
      ],
    ],
    [
      ...[
        'urn:ietf:params:jmap:core',
        'urn:ietf:params:jmap:mail',
        'urn:ietf:params:jmap:submission',
      ],
      'urn:pli:params:jmap:mssante',
    ],
  );
}

describe('EmailSubmission/set', () => {
  it('delivers to another Pli BAL, moves the draft to Sent and traces the sending', async () => {
    const sender = await makeAccount();
    const recipient = await makeAccount();
    const body = await sendDraft(sender, {
      to: [{ email: recipient.bal.address }],
      subject: 'Avis spécialisé',
    });
    const submission = result(body, 'EmailSubmission/set');
    expect(submission.created.sub.undoStatus).toBe('final');
    const implicit = body.methodResponses.filter((r) => r[0] === 'Email/set');
    expect(implicit).toHaveLength(2);
    const draftId = result(body, 'Email/set', 'e').created.draft.id;
    expect(implicit[1]?.[1].updated).toEqual({ [draftId]: null });
    const sent = await roleId(sender.token, sender.accountId, 'sent');
    const moved = await jmap(sender.token, [
      [
        'Email/get',
        { accountId: sender.accountId, ids: [draftId], properties: ['mailboxIds', 'keywords'] },
        'g',
      ],
    ]);
    expect(result(moved, 'Email/get').list[0]).toMatchObject({
      mailboxIds: { [sent]: true },
      keywords: {},
    });
    const inbox = await jmap(recipient.token, [
      ['Email/query', { accountId: recipient.accountId }, 'q'],
      [
        'Email/get',
        {
          accountId: recipient.accountId,
          '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
          properties: ['subject', 'from'],
        },
        'g',
      ],
    ]);
    expect(result(inbox, 'Email/get').list).toEqual([
      expect.objectContaining({
        subject: 'Avis spécialisé',
        from: [{ name: 'Dr Claire Martin', email: sender.bal.address }],
      }),
    ]);
    const traces = await env.DB.prepare(
      "SELECT actor_id_nat, detail FROM traces WHERE kind = 'mail_sent' AND bal_id = ?",
    )
      .bind(sender.accountId)
      .all();
    expect(traces.results).toEqual([{ actor_id_nat: sender.person.idNat, detail: 'recipients=1' }]);
  });

  it('refuses the whole submission when one recipient is outside the trust space, naming it', async () => {
    const sender = await makeAccount();
    const recipient = await makeAccount();
    const body = await sendDraft(sender, {
      to: [{ email: recipient.bal.address }, { email: 'someone@gmail.com' }],
      subject: 'x',
    });
    const error = result(body, 'EmailSubmission/set').notCreated.sub;
    expect(error.type).toBe('invalidRecipients');
    expect(error.invalidRecipients).toEqual(['someone@gmail.com']);
    expect(body.methodResponses.filter((r) => r[0] === 'Email/set')).toHaveLength(1);
    const inbox = await jmap(recipient.token, [
      ['Email/query', { accountId: recipient.accountId, calculateTotal: true }, 'q'],
    ]);
    expect(result(inbox, 'Email/query').total).toBe(0);
  });

  it('writes X-MSS-NIL always, Disposition-Notification-To and X-MSS-MES when asked', async () => {
    const sender = await makeAccount();
    const recipient = await makeAccount();
    const body = await sendDraft(sender, {
      to: [{ email: recipient.bal.address }],
      subject: 'Résultats',
      mssReadReceipt: true,
      mssNoReply: true,
    });
    const draftId = result(body, 'Email/set', 'e').created.draft.id;
    const got = await jmap(
      sender.token,
      [
        [
          'Email/get',
          {
            accountId: sender.accountId,
            ids: [draftId],
            properties: [
              'header:X-MSS-NIL:asText',
              'header:Disposition-Notification-To:asAddresses',
              'header:X-MSS-MES:asText',
              'mssReadReceipt',
              'mssNoReply',
            ],
          },
          'g',
        ],
      ],
      ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail', 'urn:pli:params:jmap:mssante'],
    );
    expect(result(got, 'Email/get').list[0]).toMatchObject({
      'header:X-MSS-NIL:asText': expect.any(String),
      'header:Disposition-Notification-To:asAddresses': [{ name: null, email: sender.bal.address }],
      'header:X-MSS-MES:asText': 'FIN',
      mssReadReceipt: true,
      mssNoReply: true,
    });
  });

  it('refuses a submission from an address that is not the identity’s', async () => {
    const sender = await makeAccount();
    const body = await sendDraft(sender, {
      from: [{ email: 'autre@medecin.pli.mssante.fr' }],
      to: [{ email: sender.bal.address }],
    });
    expect(result(body, 'EmailSubmission/set').notCreated.sub.type).toBe('forbiddenFrom');
  });

  it('lists submissions by get, query and changes', async () => {
    const sender = await makeAccount();
    const recipient = await makeAccount();
    const before = result(
      await jmap(sender.token, [
        ['EmailSubmission/get', { accountId: sender.accountId, ids: [] }, 'g'],
      ]),
      'EmailSubmission/get',
    ).state;
    const body = await sendDraft(sender, { to: [{ email: recipient.bal.address }] });
    const id = result(body, 'EmailSubmission/set').created.sub.id;
    const listed = await jmap(sender.token, [
      ['EmailSubmission/query', { accountId: sender.accountId }, 'q'],
      [
        'EmailSubmission/get',
        {
          accountId: sender.accountId,
          '#ids': { resultOf: 'q', name: 'EmailSubmission/query', path: '/ids' },
        },
        'g',
      ],
      ['EmailSubmission/changes', { accountId: sender.accountId, sinceState: before }, 'c'],
    ]);
    expect(result(listed, 'EmailSubmission/query').ids).toEqual([id]);
    expect(result(listed, 'EmailSubmission/get').list[0].envelope.rcptTo).toEqual([
      { email: recipient.bal.address, parameters: null },
    ]);
    expect(result(listed, 'EmailSubmission/changes').created).toEqual([id]);
  });
});

describe('patients and the trust space rules', () => {
  it('refuses a patient who starts a conversation', async () => {
    const { accountId } = await makeAccount();
    const refused = await deliver(
      accountId,
      rawMessage({ from: patientAddress() }),
      patientAddress(),
    );
    expect(refused).toEqual({ status: 'refused', reason: 'patient_cannot_start' });
  });

  it('accepts a patient’s reply to a message this BAL sent them, and refuses it after [FIN]', async () => {
    const sender = await makeAccount();
    const patient = patientAddress();
    const body = await sendDraft(sender, { to: [{ email: patient }], subject: 'Vos résultats' });
    expect(result(body, 'EmailSubmission/set').created.sub.id).toBeTruthy();
    const draftId = result(body, 'Email/set', 'e').created.draft.id;
    const sent = result(
      await jmap(sender.token, [
        [
          'Email/get',
          { accountId: sender.accountId, ids: [draftId], properties: ['messageId'] },
          'g',
        ],
      ]),
      'Email/get',
    ).list[0];
    const messageId = sent.messageId[0];
    const reply = await deliver(
      sender.accountId,
      rawMessage({ from: patient, inReplyTo: messageId, references: `<${messageId}>` }),
      patient,
    );
    expect(reply.status).toBe('stored');
    const otherPatient = patientAddress('1750175123456');
    const stranger = await deliver(
      sender.accountId,
      rawMessage({ from: otherPatient, inReplyTo: messageId }),
      otherPatient,
    );
    expect(stranger).toEqual({ status: 'refused', reason: 'patient_cannot_start' });
    const fin = await sendDraft(sender, {
      to: [{ email: patient }],
      subject: '[FIN]',
      inReplyTo: [messageId],
      references: [messageId],
    });
    expect(result(fin, 'EmailSubmission/set').created.sub.id).toBeTruthy();
    const late = await deliver(
      sender.accountId,
      rawMessage({ from: patient, inReplyTo: messageId, references: `<${messageId}>` }),
      patient,
    );
    expect(late).toEqual({ status: 'refused', reason: 'patient_conversation_closed' });
  });

  it('refuses a patient’s reply after a message with X-MSS-MES: FIN', async () => {
    const sender = await makeAccount();
    const patient = patientAddress();
    const body = await sendDraft(sender, {
      to: [{ email: patient }],
      subject: 'Compte rendu',
      mssNoReply: true,
    });
    const draftId = result(body, 'Email/set', 'e').created.draft.id;
    const sent = result(
      await jmap(sender.token, [
        [
          'Email/get',
          { accountId: sender.accountId, ids: [draftId], properties: ['messageId'] },
          'g',
        ],
      ]),
      'Email/get',
    ).list[0];
    const reply = await deliver(
      sender.accountId,
      rawMessage({ from: patient, inReplyTo: sent.messageId[0] }),
      patient,
    );
    expect(reply).toEqual({ status: 'refused', reason: 'patient_conversation_closed' });
  });
});

describe('Identity', () => {
  it('has the BAL address identity, which can be edited but not destroyed', async () => {
    const { token, accountId, bal } = await makeAccount();
    const got = result(await jmap(token, [['Identity/get', { accountId }, 'g']]), 'Identity/get');
    const [identity] = got.list;
    expect(identity).toMatchObject({ email: bal.address, mayDelete: false });
    const body = await jmap(token, [
      [
        'Identity/set',
        {
          accountId,
          update: { [identity.id]: { textSignature: 'Dr Martin, médecin généraliste' } },
          destroy: [identity.id],
        },
        's',
      ],
      [
        'Identity/set',
        { accountId, create: { x: { email: 'autre@medecin.pli.mssante.fr' } } },
        'c',
      ],
      ['Identity/changes', { accountId, sinceState: got.state }, 'ch'],
    ]);
    const set = result(body, 'Identity/set', 's');
    expect(set.updated).toEqual({ [identity.id]: null });
    expect(set.notDestroyed[identity.id].type).toBe('forbidden');
    expect(result(body, 'Identity/set', 'c').notCreated.x.type).toBe('forbiddenFrom');
    expect(result(body, 'Identity/changes').updated).toEqual([identity.id]);
  });

  it('keeps several signatures of the BAL address, exactly one of them the default', async () => {
    const { token, accountId, bal } = await makeAccount();
    const using = [...USING, 'urn:pli:params:jmap:mssante'];
    const list = async () =>
      result(await jmap(token, [['Identity/get', { accountId }, 'g']], using), 'Identity/get')
        .list as { id: string; textSignature: string; mssIsDefault: boolean }[];
    const [own] = await list();
    expect(own?.mssIsDefault).toBe(true);
    const made = await jmap(
      token,
      [
        [
          'Identity/set',
          {
            accountId,
            create: {
              h: { email: bal.address, textSignature: 'Dr Martin\nService de cardiologie, CHU' },
            },
          },
          's',
        ],
      ],
      using,
    );
    const hospital = result(made, 'Identity/set').created.h.id as string;
    await jmap(
      token,
      [['Identity/set', { accountId, update: { [hospital]: { mssIsDefault: true } } }, 'u']],
      using,
    );
    expect((await list()).map((i) => [i.id, i.mssIsDefault])).toEqual([
      [own?.id, false],
      [hospital, true],
    ]);
    // The default gone, the BAL address's own identity is the default again.
    await jmap(token, [['Identity/set', { accountId, destroy: [hospital] }, 'd']], using);
    expect((await list()).map((i) => i.mssIsDefault)).toEqual([true]);
    // Without Pli's capability the property is neither shown nor taken.
    const plain = result(await jmap(token, [['Identity/get', { accountId }, 'g']]), 'Identity/get');
    expect(plain.list[0]).not.toHaveProperty('mssIsDefault');
    const refused = await jmap(token, [
      ['Identity/set', { accountId, update: { [own?.id ?? '']: { mssIsDefault: true } } }, 'u'],
    ]);
    expect(result(refused, 'Identity/set').notUpdated[own?.id ?? ''].type).toBe(
      'invalidProperties',
    );
  });
});

describe('blobs', () => {
  it('refuses an upload that would exceed the quota by one byte and accepts the exact fit', async () => {
    const { token, accountId } = await makeAccount(undefined, 10);
    const upload = (bytes: Uint8Array<ArrayBuffer>) =>
      exports.default.fetch(`http://pli.test/jmap/upload/${accountId}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        body: bytes,
      });
    expect((await upload(new Uint8Array(11).fill(1))).status).toBe(413);
    expect((await upload(new Uint8Array(10).fill(2))).status).toBe(201);
  });

  it('refuses to download a blob of an account the caller cannot use', async () => {
    const owner = await makeAccount();
    const other = await makeAccount();
    const stored = await deliver(owner.accountId, rawMessage());
    const got = await jmap(owner.token, [
      [
        'Email/get',
        {
          accountId: owner.accountId,
          ids: [stored.status === 'stored' ? stored.emailId : ''],
          properties: ['blobId'],
        },
        'g',
      ],
    ]);
    const blobId = result(got, 'Email/get').list[0].blobId;
    const url = `http://pli.test/jmap/download/${owner.accountId}/${blobId}/m.eml`;
    expect(
      (await exports.default.fetch(url, { headers: { Authorization: `Bearer ${owner.token}` } }))
        .status,
    ).toBe(200);
    expect(
      (await exports.default.fetch(url, { headers: { Authorization: `Bearer ${other.token}` } }))
        .status,
    ).toBe(404);
  });
});

describe('MDN/send', () => {
  it('sends one read receipt for a message that asks for it, then refuses a second', async () => {
    const sender = await makeAccount();
    const recipient = await makeAccount();
    await sendDraft(sender, {
      to: [{ email: recipient.bal.address }],
      subject: 'À lire',
      mssReadReceipt: true,
    });
    const [emailId] = result(
      await jmap(recipient.token, [['Email/query', { accountId: recipient.accountId }, 'q']]),
      'Email/query',
    ).ids;
    const using = [
      'urn:ietf:params:jmap:core',
      'urn:ietf:params:jmap:mail',
      'urn:ietf:params:jmap:mdn',
    ];
    const send = (cid: string) =>
      jmap(
        recipient.token,
        [
          [
            'MDN/send',
            { accountId: recipient.accountId, send: { [cid]: { forEmailId: emailId } } },
            'm',
          ],
        ],
        using,
      );
    expect(Object.keys(result(await send('a'), 'MDN/send').sent)).toEqual(['a']);
    expect(result(await send('b'), 'MDN/send').notSent.b.type).toBe('mdnAlreadySent');
    const inbox = await jmap(sender.token, [
      [
        'Email/query',
        {
          accountId: sender.accountId,
          filter: { inMailbox: await roleId(sender.token, sender.accountId, 'inbox') },
        },
        'q',
      ],
      [
        'Email/get',
        {
          accountId: sender.accountId,
          '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
          properties: ['header:Content-Type:asRaw'],
        },
        'g',
      ],
    ]);
    const [receipt] = result(inbox, 'Email/get').list;
    expect(receipt['header:Content-Type:asRaw']).toContain('multipart/report');
    const keywords = await jmap(recipient.token, [
      [
        'Email/get',
        { accountId: recipient.accountId, ids: [emailId], properties: ['keywords'] },
        'g',
      ],
    ]);
    expect(result(keywords, 'Email/get').list[0].keywords).toEqual({ $mdnsent: true });
  });
});

describe('onSuccessDestroyEmail and Thread/changes', () => {
  it('destroys the sent email when asked and logs the thread change', async () => {
    const sender = await makeAccount();
    const recipient = await makeAccount();
    const threadState = result(
      await jmap(sender.token, [['Thread/get', { accountId: sender.accountId, ids: [] }, 't']]),
      'Thread/get',
    ).state;
    const body = await sendDraft(
      sender,
      { to: [{ email: recipient.bal.address }] },
      { onSuccessUpdateEmail: null, onSuccessDestroyEmail: ['#sub'] },
    );
    const draft = result(body, 'Email/set', 'e').created.draft;
    const implicit = body.methodResponses.filter((r) => r[0] === 'Email/set')[1]?.[1];
    expect(implicit?.destroyed).toEqual([draft.id]);
    const changes = await jmap(sender.token, [
      ['Thread/changes', { accountId: sender.accountId, sinceState: threadState }, 'c'],
    ]);
    const res = result(changes, 'Thread/changes');
    expect([...res.created, ...res.updated, ...res.destroyed]).toEqual([]);
  });
});

describe('sending to oneself', () => {
  it('files the sent copy and delivers the received copy in the same BAL', async () => {
    const sender = await makeAccount();
    const body = await sendDraft(sender, {
      to: [{ email: sender.bal.address }],
      subject: 'Note à moi-même',
    });
    expect(result(body, 'EmailSubmission/set').created.sub.id).toBeTruthy();
    const inbox = await roleId(sender.token, sender.accountId, 'inbox');
    const sent = await roleId(sender.token, sender.accountId, 'sent');
    const listed = await jmap(sender.token, [
      ['Email/query', { accountId: sender.accountId, filter: { inMailbox: inbox } }, 'i'],
      ['Email/query', { accountId: sender.accountId, filter: { inMailbox: sent } }, 's'],
    ]);
    expect(result(listed, 'Email/query', 'i').ids).toHaveLength(1);
    expect(result(listed, 'Email/query', 's').ids).toHaveLength(1);
  });
});

describe('Email/query limits', () => {
  it('refuses a filter needing more bound values than SQLite takes, instead of failing', async () => {
    const { token, accountId } = await makeAccount();
    const conditions = Array.from({ length: 20 }, (_, i) => ({
      text: `x${String.fromCharCode(97 + i)}`,
    }));
    const body = await jmap(token, [
      ['Email/query', { accountId, filter: { operator: 'OR', conditions } }, 'q'],
    ]);
    expect(body.methodResponses[0]?.[1].type).toBe('unsupportedFilter');
  });
});

describe('send once', () => {
  /** Creates a draft to a recipient of another operator; returns its id and the identity. */
  async function draftTo(sender: Awaited<ReturnType<typeof makeAccount>>, to: string[]) {
    const { token, accountId, bal } = sender;
    const drafts = await roleId(token, accountId, 'drafts');
    const body = await jmap(token, [
      ['Identity/get', { accountId }, 'i'],
      [
        'Email/set',
        {
          accountId,
          create: {
            d: plainDraft(drafts, bal.address, {
              to: to.map((email) => ({ email })),
              subject: 'Compte rendu',
            }),
          },
        },
        'e',
      ],
    ]);
    return {
      emailId: result(body, 'Email/set').created.d.id as string,
      identityId: result(body, 'Identity/get').list[0].id as string,
    };
  }

  const submit = (
    sender: Awaited<ReturnType<typeof makeAccount>>,
    draft: { emailId: string; identityId: string },
  ) =>
    jmap(sender.token, [
      ['EmailSubmission/set', { accountId: sender.accountId, create: { s: { ...draft } } }, 's'],
    ]);

  const queuedFor = async (balId: string) =>
    (
      await env.DB.prepare('SELECT COUNT(*) AS n FROM outbound_deliveries WHERE from_bal_id = ?')
        .bind(balId)
        .first<{ n: number }>()
    )?.n;

  it('forbids a second submission of the same Email: it is refused clearly and sends nothing', async () => {
    await whitelistDomains('once-later.mssante.fr');
    const sender = await makeAccount();
    const draft = await draftTo(sender, ['dr.x@once-later.mssante.fr']);
    const first = result(await submit(sender, draft), 'EmailSubmission/set');
    expect(first.created.s.id).toBeTruthy();
    const second = result(await submit(sender, draft), 'EmailSubmission/set');
    expect(second.created ?? {}).toEqual({});
    expect(second.notCreated.s.type).toBe('forbidden');
    expect(second.notCreated.s.description).toContain('copy');
    expect(second.notCreated.s.alreadySubmittedBy).toBe(first.created.s.id);
    expect(await queuedFor(sender.accountId)).toBe(1);
  });

  it('forbids two concurrent submissions of one Email from both going out', async () => {
    await whitelistDomains('once-concurrent.mssante.fr');
    const sender = await makeAccount();
    const draft = await draftTo(sender, ['dr.x@once-concurrent.mssante.fr']);
    const results = await Promise.all([1, 2, 3].map(() => submit(sender, draft)));
    const sets = results.map((body) => result(body, 'EmailSubmission/set'));
    expect(sets.filter((set) => set.created?.s)).toHaveLength(1);
    expect(sets.filter((set) => set.notCreated?.s?.type === 'forbidden')).toHaveLength(2);
    expect(await queuedFor(sender.accountId)).toBe(1);
  });

  it('lets a refused Email be fixed and submitted, and sends a copy on purpose', async () => {
    await whitelistDomains('once-retry.mssante.fr');
    const sender = await makeAccount();
    const draft = await draftTo(sender, ['dr.x@once-retry.mssante.fr', 'ami@gmail.com']);
    const refused = result(await submit(sender, draft), 'EmailSubmission/set');
    expect(refused.notCreated.s.type).toBe('invalidRecipients');
    const envelope = {
      mailFrom: { email: sender.bal.address },
      rcptTo: [{ email: 'dr.x@once-retry.mssante.fr' }],
    };
    const fixed = await jmap(sender.token, [
      [
        'EmailSubmission/set',
        { accountId: sender.accountId, create: { s: { ...draft, envelope } } },
        's',
      ],
    ]);
    expect(result(fixed, 'EmailSubmission/set').created.s.id).toBeTruthy();
    const copy = await draftTo(sender, ['dr.x@once-retry.mssante.fr']);
    expect(result(await submit(sender, copy), 'EmailSubmission/set').created.s.id).toBeTruthy();
    expect(await queuedFor(sender.accountId)).toBe(2);
  });
});

describe('EmailSubmission envelope parameters', () => {
  it('keeps the DSN parameters an SMTP client gave (RET, ENVID, NOTIFY, ORCPT) on the submission', async () => {
    const sender = await makeAccount();
    const recipient = await makeAccount();
    const { token, accountId, bal } = sender;
    const drafts = await roleId(token, accountId, 'drafts');
    const envelope = {
      mailFrom: { email: bal.address, parameters: { RET: 'HDRS', ENVID: 'env-42' } },
      rcptTo: [
        {
          email: recipient.bal.address,
          parameters: { NOTIFY: 'SUCCESS,FAILURE', ORCPT: `rfc822;${recipient.bal.address}` },
        },
      ],
    };
    const identity = result(
      await jmap(token, [['Identity/get', { accountId }, 'i']]),
      'Identity/get',
    ).list[0];
    const body = await jmap(token, [
      [
        'Email/set',
        {
          accountId,
          create: {
            d: plainDraft(drafts, bal.address, { to: [{ email: recipient.bal.address }] }),
          },
        },
        'e',
      ],
      [
        'EmailSubmission/set',
        {
          accountId,
          create: {
            s: { identityId: identity.id, emailId: '#d', envelope },
          },
        },
        's',
      ],
    ]);
    const set = result(body, 'EmailSubmission/set');
    expect(set.notCreated).toBeNull();
    const id = set.created.s.id;
    const got = await jmap(token, [['EmailSubmission/get', { accountId, ids: [id] }, 'g']]);
    expect(result(got, 'EmailSubmission/get').list[0].envelope).toEqual(envelope);
  });
});
