import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { whitelistDomains } from '../support/delivery-factories.ts';
import {
  deliver,
  jmap,
  type Loose,
  makeAccount,
  rawMessage,
  result,
  USING,
} from '../support/mail.ts';

const VACATION_USING = [...USING, 'urn:ietf:params:jmap:vacationresponse'];
const PRIVATE_USING = [...VACATION_USING, 'urn:pli:params:jmap:mssante'];

async function setVacation(
  token: string,
  accountId: string,
  patch: Record<string, unknown>,
  using = VACATION_USING,
) {
  const body = await jmap(
    token,
    [['VacationResponse/set', { accountId, update: { singleton: patch } }, 'v']],
    using,
  );
  return result(body, 'VacationResponse/set');
}

/** The messages of a BAL's inbox, newest first, with their raw bytes parsed. */
async function inbox(token: string, accountId: string) {
  const body = await jmap(token, [
    ['Email/query', { accountId, sort: [{ property: 'receivedAt', isAscending: false }] }, 'q'],
    [
      'Email/get',
      {
        accountId,
        '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
        properties: ['blobId', 'subject', 'header:Auto-Submitted:asText'],
      },
      'g',
    ],
  ]);
  return result(body, 'Email/get').list as Loose[];
}

/** Two BALs of Pli: `absent` goes away, `colleague` writes to them. */
async function pair() {
  const absent = await makeAccount();
  const colleague = await makeAccount();
  const write = (fields: Parameters<typeof rawMessage>[0] = {}, mailFrom?: string) =>
    deliver(
      absent.bal.id,
      rawMessage({ from: colleague.bal.address, to: absent.bal.address, ...fields }),
      mailFrom ?? colleague.bal.address,
      absent.bal.address,
    );
  return { absent, colleague, write };
}

describe('VacationResponse/get and /set (RFC 8621 section 8)', () => {
  it('answers the one singleton object, disabled until the user sets it', async () => {
    const { token, accountId } = await makeAccount();
    const body = await jmap(
      token,
      [['VacationResponse/get', { accountId, ids: null }, 'v']],
      VACATION_USING,
    );
    const got = result(body, 'VacationResponse/get');
    expect(got.list).toEqual([
      {
        id: 'singleton',
        isEnabled: false,
        fromDate: null,
        toDate: null,
        subject: null,
        textBody: null,
        htmlBody: null,
      },
    ]);
    const other = await jmap(
      token,
      [['VacationResponse/get', { accountId, ids: ['autre'] }, 'v']],
      VACATION_USING,
    );
    expect(result(other, 'VacationResponse/get').notFound).toEqual(['autre']);
  });

  it('forbids VacationResponse methods to a request without the capability in using', async () => {
    const { token, accountId } = await makeAccount();
    const body = await jmap(token, [['VacationResponse/get', { accountId }, 'v']]);
    expect(body.methodResponses[0]?.[0]).toBe('error');
    expect(body.methodResponses[0]?.[1].type).toBe('unknownMethod');
  });

  it('updates the singleton and moves its state; create and destroy are singleton errors', async () => {
    const { token, accountId } = await makeAccount();
    const before = result(
      await jmap(token, [['VacationResponse/get', { accountId }, 'v']], VACATION_USING),
      'VacationResponse/get',
    ).state;
    const updated = await setVacation(token, accountId, {
      isEnabled: true,
      fromDate: '2026-12-20T08:00:00Z',
      toDate: '2027-01-04T08:00:00Z',
      subject: 'Absente',
      textBody: 'Je reviens le 4 janvier.',
    });
    expect(updated.updated).toEqual({ singleton: null });
    expect(updated.newState).not.toBe(before);
    const body = await jmap(
      token,
      [
        [
          'VacationResponse/set',
          { accountId, create: { x: { isEnabled: true } }, destroy: ['singleton'] },
          'v',
        ],
        ['VacationResponse/get', { accountId, properties: ['isEnabled', 'toDate'] }, 'g'],
      ],
      VACATION_USING,
    );
    const set = result(body, 'VacationResponse/set');
    expect(set.notCreated.x.type).toBe('singleton');
    expect(set.notDestroyed.singleton.type).toBe('singleton');
    expect(result(body, 'VacationResponse/get').list).toEqual([
      { id: 'singleton', isEnabled: true, toDate: '2027-01-04T08:00:00Z' },
    ]);
  });

  it('refuses wrong values whole: a date that is not a UTCDate, an end before the start, a wrong type', async () => {
    const { token, accountId } = await makeAccount();
    const bad = await setVacation(token, accountId, {
      isEnabled: 'oui',
      fromDate: '20/12/2026',
      subject: 'Absente',
    });
    expect(bad.notUpdated.singleton).toMatchObject({
      type: 'invalidProperties',
      properties: ['isEnabled', 'fromDate'],
    });
    const reversed = await setVacation(token, accountId, {
      fromDate: '2027-01-04T08:00:00Z',
      toDate: '2026-12-20T08:00:00Z',
    });
    expect(reversed.notUpdated.singleton.properties).toEqual(['toDate']);
    const got = result(
      await jmap(token, [['VacationResponse/get', { accountId }, 'v']], VACATION_USING),
      'VacationResponse/get',
    );
    expect(got.list[0]).toMatchObject({ subject: null, fromDate: null, toDate: null });
  });

  it('keeps the replacement colleague private: refused without the MSSanté capability, normalised with it', async () => {
    const { token, accountId } = await makeAccount();
    const refused = await setVacation(token, accountId, {
      mssReplacement: 'karim.benali@medecin.pli.mssante.fr',
    });
    expect(refused.notUpdated.singleton.properties).toEqual(['mssReplacement']);
    await setVacation(
      token,
      accountId,
      { mssReplacement: ' Karim.Benali@Medecin.Pli.MSSante.fr ' },
      PRIVATE_USING,
    );
    const got = result(
      await jmap(token, [['VacationResponse/get', { accountId }, 'v']], PRIVATE_USING),
      'VacationResponse/get',
    );
    expect(got.list[0].mssReplacement).toBe('karim.benali@medecin.pli.mssante.fr');
    const invalid = await setVacation(token, accountId, { mssReplacement: 'karim' }, PRIVATE_USING);
    expect(invalid.notUpdated.singleton.properties).toEqual(['mssReplacement']);
  });
});

describe('absence replies at delivery', () => {
  it('answers a colleague once per absence period, as an automatic reply to their message', async () => {
    const { absent, colleague, write } = await pair();
    await setVacation(
      absent.token,
      absent.accountId,
      {
        isEnabled: true,
        textBody: 'Je suis en congé.',
        mssReplacement: 'remplacant@medecin.pli.mssante.fr',
      },
      PRIVATE_USING,
    );
    expect(
      (await write({ subject: 'Résultats', messageId: 'premier@medecin.pli.mssante.fr' })).status,
    ).toBe('stored');
    await write({ subject: 'Relance' });
    const replies = await inbox(colleague.token, colleague.accountId);
    expect(replies).toHaveLength(1);
    expect(replies[0].subject).toBe('Réponse automatique : Résultats');
    expect(replies[0]['header:Auto-Submitted:asText']).toBe('auto-replied');

    // A new period (the settings changed): the colleague is answered again.
    await setVacation(absent.token, absent.accountId, { subject: 'Absente jusqu’au 4 janvier' });
    await write({ subject: 'Encore' });
    const after = await inbox(colleague.token, colleague.accountId);
    expect(after.map((m: Loose) => m.subject)).toEqual([
      'Absente jusqu’au 4 janvier',
      'Réponse automatique : Résultats',
    ]);
  });

  it('writes the reply in reply to the message, from the BAL, naming the replacement colleague', async () => {
    const { absent, colleague, write } = await pair();
    await setVacation(
      absent.token,
      absent.accountId,
      {
        isEnabled: true,
        textBody: 'Je suis en congé.',
        mssReplacement: 'remplacant@medecin.pli.mssante.fr',
      },
      PRIVATE_USING,
    );
    await write({ messageId: 'origine@medecin.pli.mssante.fr' });
    const [reply] = await inbox(colleague.token, colleague.accountId);
    const download = await jmap(colleague.token, [
      [
        'Email/get',
        {
          accountId: colleague.accountId,
          ids: [reply.id],
          properties: ['from', 'to', 'inReplyTo', 'references', 'bodyValues', 'textBody'],
          fetchTextBodyValues: true,
        },
        'g',
      ],
    ]);
    const email = result(download, 'Email/get').list[0];
    expect(email.from[0].email).toBe(absent.bal.address);
    expect(email.to[0].email).toBe(colleague.bal.address);
    expect(email.inReplyTo).toEqual(['origine@medecin.pli.mssante.fr']);
    const text = Object.values(email.bodyValues as Record<string, Loose>)[0].value as string;
    expect(text).toContain('Je suis en congé.');
    expect(text).toContain(
      'En mon absence, vous pouvez écrire à remplacant@medecin.pli.mssante.fr.',
    );
  });

  it('never answers automated mail: Auto-Submitted, lists, bulk, reports, a null or machine sender, X-MSS-MES FIN, or a Bcc', async () => {
    const { absent, colleague, write } = await pair();
    await setVacation(absent.token, absent.accountId, { isEnabled: true });
    await write({ headers: { 'Auto-Submitted': 'auto-replied' } });
    await write({ headers: { 'Auto-Submitted': 'auto-generated' } });
    await write({ headers: { 'List-Id': '<cardio.liste.mssante.fr>' } });
    await write({ headers: { Precedence: 'bulk' } });
    await write({ headers: { 'X-MSS-MES': 'FIN' } });
    await write({}, '');
    await write({}, 'mailer-daemon@medecin.pli.mssante.fr');
    await write({}, 'no-reply@medecin.pli.mssante.fr');
    await write({ to: 'autre@medecin.pli.mssante.fr' });
    expect(await inbox(colleague.token, colleague.accountId)).toEqual([]);
    // The same colleague writing normally is answered: the rules, not the pair, held it back.
    await write({ headers: { 'Auto-Submitted': 'no' } });
    expect(await inbox(colleague.token, colleague.accountId)).toHaveLength(1);
  });

  it('answers nothing before the start date or from the end date on, nor when disabled', async () => {
    const { absent, colleague, write } = await pair();
    const day = 24 * 3600 * 1000;
    await setVacation(absent.token, absent.accountId, {
      isEnabled: true,
      fromDate: new Date(Date.now() + day).toISOString().replace(/\.\d+Z$/, 'Z'),
    });
    await write();
    await setVacation(absent.token, absent.accountId, {
      fromDate: null,
      toDate: new Date(Date.now() - day).toISOString().replace(/\.\d+Z$/, 'Z'),
    });
    await write();
    await setVacation(absent.token, absent.accountId, { toDate: null, isEnabled: false });
    await write();
    expect(await inbox(colleague.token, colleague.accountId)).toEqual([]);
  });

  it('forbids a reply outside the trust space: nothing is queued for a sender whose domain is not in it', async () => {
    const { absent, write } = await pair();
    await setVacation(absent.token, absent.accountId, { isEnabled: true });
    const stored = await write({ from: 'quelquun@gmail.com' }, 'quelquun@gmail.com');
    expect(stored.status).toBe('stored');
    const queued = await env.DB.prepare(
      "SELECT count(*) AS n FROM outbound_deliveries WHERE submission_id LIKE 'vacation-%'",
    ).first<{ n: number }>();
    expect(queued?.n).toBe(0);
  });

  it('queues one reply for a colleague of another operator, however often the message is delivered again', async () => {
    const { absent, write } = await pair();
    await setVacation(absent.token, absent.accountId, { isEnabled: true });
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const sender = 'dr.durand@chu-lyon-demo.mssante.fr';
    const raw = { from: sender, messageId: 'une-fois@chu-lyon-demo.mssante.fr' };
    await write(raw, sender);
    await write(raw, sender);
    const queued = await env.DB.prepare(
      "SELECT recipient, mail_from FROM outbound_deliveries WHERE submission_id LIKE 'vacation-%'",
    ).all<{ recipient: string; mail_from: string }>();
    expect(queued.results).toEqual([{ recipient: sender, mail_from: '' }]);
  });
});
