import { describe, expect, it } from 'vitest';
import { JMAP_CAPABILITIES } from '../../../shared/jmap/types.ts';
import { deliver, jmap, makeAccount, rawMessage, result, roleId, USING } from '../support/mail.ts';

const RULES_USING = [...USING, JMAP_CAPABILITIES.filingRules];
type Account = Awaited<ReturnType<typeof makeAccount>>;

async function folder(account: Account, name: string): Promise<string> {
  const body = await jmap(account.token, [
    ['Mailbox/set', { accountId: account.accountId, create: { f: { name } } }, 's'],
  ]);
  return result(body, 'Mailbox/set').created.f.id;
}

async function createRules(account: Account, rules: Record<string, unknown>[]) {
  const create = Object.fromEntries(rules.map((rule, i) => [`r${i}`, rule]));
  const body = await jmap(
    account.token,
    [['FilingRule/set', { accountId: account.accountId, create }, 's']],
    RULES_USING,
  );
  return result(body, 'FilingRule/set');
}

/** Where a delivered message landed and with which keywords. */
async function landed(account: Account, emailId: string) {
  const body = await jmap(account.token, [
    [
      'Email/get',
      { accountId: account.accountId, ids: [emailId], properties: ['mailboxIds', 'keywords'] },
      'g',
    ],
  ]);
  const [email] = result(body, 'Email/get').list;
  return { folders: Object.keys(email.mailboxIds), keywords: Object.keys(email.keywords).sort() };
}

async function arrive(account: Account, raw: Uint8Array) {
  const delivered = await deliver(account.bal.id, raw);
  if (delivered.status !== 'stored') throw new Error(delivered.status);
  return delivered.emailId;
}

const labResult = () =>
  rawMessage({
    from: 'Laboratoire Bio-Lyon <resultats@bio-lyon.mssante.fr>',
    subject: 'Résultats de M. X',
    body: '****LAB****\r\nGLYCEMIE 5.2 mmol/l\r\n****FIN****',
  });

describe('filing rules (FilingRule/get, /set, /changes)', () => {
  it('files a lab result into the folder a rule names, marked read, and leaves other mail in the inbox', async () => {
    const claire = await makeAccount();
    const results = await folder(claire, 'Résultats de biologie');
    const set = await createRules(claire, [
      {
        name: 'Résultats',
        isEnabled: true,
        conditions: [{ kind: 'labResult' }],
        moveTo: results,
        markRead: true,
        flag: false,
      },
    ]);
    expect(set.created.r0.id).toMatch(/^R/);
    expect(await landed(claire, await arrive(claire, labResult()))).toEqual({
      folders: [results],
      keywords: ['$seen'],
    });
    const inbox = await roleId(claire.token, claire.accountId, 'inbox');
    expect(await landed(claire, await arrive(claire, rawMessage()))).toEqual({
      folders: [inbox],
      keywords: [],
    });
  });

  it('applies every matching rule in order: the first that files decides, flags add up, a disabled rule does nothing', async () => {
    const claire = await makeAccount();
    const first = await folder(claire, 'CHU');
    const second = await folder(claire, 'Autres');
    await createRules(claire, [
      {
        name: 'Éteinte',
        isEnabled: false,
        conditions: [{ kind: 'subject', value: 'resultats' }],
        moveTo: second,
        markRead: true,
        flag: false,
      },
      {
        name: 'Labo',
        isEnabled: true,
        conditions: [{ kind: 'fromDomain', value: 'mssante.fr' }],
        moveTo: first,
        markRead: false,
        flag: false,
      },
      {
        name: 'Suivre',
        isEnabled: true,
        conditions: [{ kind: 'subject', value: 'RÉSULTATS' }],
        moveTo: second,
        markRead: false,
        flag: true,
      },
    ]);
    expect(await landed(claire, await arrive(claire, labResult()))).toEqual({
      folders: [first],
      keywords: ['$flagged'],
    });
  });

  it('refuses a rule with no action, an unknown folder or an unknown condition, naming the property', async () => {
    const claire = await makeAccount();
    const base = { name: 'R', isEnabled: true, conditions: [{ kind: 'labResult' }] };
    const set = await createRules(claire, [
      { ...base, moveTo: null, markRead: false, flag: false },
      { ...base, moveTo: 'no-such-folder', markRead: false, flag: false },
      { ...base, conditions: [{ kind: 'script', value: 'x' }], markRead: true },
      { ...base, conditions: [], markRead: true },
    ]);
    expect(set.created ?? {}).toEqual({});
    expect(set.notCreated.r0.type).toBe('invalidProperties');
    expect(set.notCreated.r0.description).toContain('classer');
    expect(set.notCreated.r1.properties).toEqual(['moveTo']);
    expect(set.notCreated.r2.properties).toEqual(['conditions']);
    expect(set.notCreated.r3.properties).toEqual(['conditions']);
  });

  it('updates and destroys rules, with their changes, and needs its capability', async () => {
    const claire = await makeAccount();
    const set = await createRules(claire, [
      { name: 'A', isEnabled: true, conditions: [{ kind: 'labResult' }], markRead: true },
    ]);
    const id = set.created.r0.id;
    const state = set.newState;
    const body = await jmap(
      claire.token,
      [
        [
          'FilingRule/set',
          { accountId: claire.accountId, update: { [id]: { isEnabled: false } } },
          'u',
        ],
        ['FilingRule/get', { accountId: claire.accountId }, 'g'],
        ['FilingRule/changes', { accountId: claire.accountId, sinceState: state }, 'c'],
        ['FilingRule/set', { accountId: claire.accountId, destroy: [id] }, 'd'],
        ['FilingRule/get', { accountId: claire.accountId }, 'g2'],
      ],
      RULES_USING,
    );
    expect(result(body, 'FilingRule/set', 'u').updated).toEqual({ [id]: null });
    expect(result(body, 'FilingRule/get', 'g').list).toEqual([
      {
        id,
        name: 'A',
        isEnabled: false,
        conditions: [{ kind: 'labResult' }],
        moveTo: null,
        markRead: true,
        flag: false,
        position: 0,
      },
    ]);
    expect(result(body, 'FilingRule/changes', 'c').updated).toEqual([id]);
    expect(result(body, 'FilingRule/set', 'd').destroyed).toEqual([id]);
    expect(result(body, 'FilingRule/get', 'g2').list).toEqual([]);
    const without = await jmap(claire.token, [
      ['FilingRule/get', { accountId: claire.accountId }, 'g'],
    ]);
    expect(without.methodResponses[0]?.[1].type).toBe('unknownMethod');
  });
});
