import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { whitelistDomains } from '../support/delivery-factories.ts';
import { jmap, makeAccount, result, roleId, submitDraft } from '../support/mail.ts';

type Account = Awaited<ReturnType<typeof makeAccount>>;
const submit = (sender: Account, to: string[], subject = 'Avis') =>
  submitDraft(sender, to, { subject });

async function inboxCount(account: Account) {
  const inbox = await roleId(account.token, account.accountId, 'inbox');
  const body = await jmap(account.token, [
    ['Email/query', { accountId: account.accountId, filter: { inMailbox: inbox } }, 'q'],
  ]);
  return (result(body, 'Email/query').ids as string[]).length;
}

describe('sending through JMAP and the delivery path', () => {
  it('delivers a message a BAL sends to itself (the DO calls itself)', async () => {
    const claire = await makeAccount('claire.martin@medecin.pli.mssante.fr');
    const body = await submit(claire, [claire.bal.address]);
    expect(result(body, 'EmailSubmission/set').created.s.id).toBeTruthy();
    expect(await inboxCount(claire)).toBe(1);
  });

  it('refuses the whole submission naming the address outside the trust space', async () => {
    const claire = await makeAccount('claire.martin@medecin.pli.mssante.fr');
    const karim = await makeAccount('karim.benali@medecin.pli.mssante.fr');
    const body = await submit(claire, [karim.bal.address, 'ami@gmail.com']);
    const set = result(body, 'EmailSubmission/set');
    expect(set.created ?? {}).toEqual({});
    expect(JSON.stringify(set.notCreated.s)).toContain('ami@gmail.com');
    expect(await inboxCount(karim)).toBe(0);
  });

  it('bounces an unknown local address into the sender inbox as a DSN', async () => {
    const claire = await makeAccount('claire.martin@medecin.pli.mssante.fr');
    await submit(claire, ['nobody@medecin.pli.mssante.fr'], 'Courrier perdu');
    const inbox = await roleId(claire.token, claire.accountId, 'inbox');
    const body = await jmap(claire.token, [
      ['Email/query', { accountId: claire.accountId, filter: { inMailbox: inbox } }, 'q'],
      [
        'Email/get',
        {
          accountId: claire.accountId,
          '#ids': { resultOf: 'q', name: 'Email/query', path: '/ids' },
          properties: ['subject', 'from', 'threadId'],
        },
        'g',
      ],
    ]);
    const [dsn] = result(body, 'Email/get').list;
    expect(dsn.subject).toBe('Échec de remise');
    expect(dsn.from[0].email).toBe('mailer-daemon@pli.mssante.fr');
  });

  it('queues a recipient of another operator for the transport', async () => {
    await whitelistDomains('chu-lyon-demo.mssante.fr');
    const claire = await makeAccount('claire.martin@medecin.pli.mssante.fr');
    await submit(claire, ['dr.x@chu-lyon-demo.mssante.fr']);
    const row = await env.DB.prepare('SELECT recipient, status FROM outbound_deliveries').first();
    expect(row).toEqual({ recipient: 'dr.x@chu-lyon-demo.mssante.fr', status: 'queued' });
  });
});
