import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { revokeDelegation } from '../../../server/delegation/delegations.ts';
import { makeBal, makeDelegation, makePerson, sessionCookie } from '../support/factories.ts';
import { deliver, jmap, type Loose, makeAccount, rawMessage, result } from '../support/mail.ts';

async function session(headers: Record<string, string>) {
  const response = await exports.default.fetch('http://pli.test/.well-known/jmap', { headers });
  return { status: response.status, body: (await response.json()) as Record<string, Loose> };
}

describe('JMAP session', () => {
  it('lists the holder’s own BAL as a personal account named by its address', async () => {
    const person = await makePerson();
    const bal = await makeBal(person.idNat, 'claire.martin@medecin.pli.mssante.fr');
    const { status, body } = await session({ Cookie: await sessionCookie(person.idNat) });
    expect(status).toBe(200);
    expect(body.accounts[bal.id]).toMatchObject({
      name: 'claire.martin@medecin.pli.mssante.fr',
      isPersonal: true,
    });
    expect(body.primaryAccounts['urn:ietf:params:jmap:mail']).toBe(bal.id);
    expect(body.apiUrl).toBe('http://pli.test/jmap/api');
    expect(body.uploadUrl).toBe('http://pli.test/jmap/upload/{accountId}');
    expect(body.downloadUrl).toContain('{accountId}/{blobId}/{name}');
    expect(body.eventSourceUrl).toContain('types={types}');
    expect(body.capabilities['urn:ietf:params:jmap:core'].maxCallsInRequest).toBeGreaterThan(0);
  });

  it('announces the IMAP gateway’s private capability in the session and on each account', async () => {
    const person = await makePerson();
    const bal = await makeBal(person.idNat);
    const { body } = await session({ Cookie: await sessionCookie(person.idNat) });
    expect(body.capabilities['urn:pli:params:jmap:imap']).toEqual({});
    expect(body.accounts[bal.id].accountCapabilities['urn:pli:params:jmap:imap']).toEqual({});
  });

  it('lists a delegated BAL to its delegate and stops listing it once the delegation is revoked', async () => {
    const holder = await makePerson();
    const bal = await makeBal(holder.idNat);
    const delegate = await makePerson({ givenName: 'Sophie' });
    const own = await makeBal(delegate.idNat);
    const delegationId = await makeDelegation(bal.id, delegate.idNat, holder.idNat);
    const cookie = await sessionCookie(delegate.idNat);
    const before = await session({ Cookie: cookie });
    expect(Object.keys(before.body.accounts).sort()).toEqual([bal.id, own.id].sort());
    expect(before.body.accounts[bal.id]).toMatchObject({ name: bal.address, isPersonal: false });
    await revokeDelegation(env.DB, delegationId);
    const after = await session({ Cookie: cookie });
    expect(Object.keys(after.body.accounts)).toEqual([own.id]);
    expect(after.body.state).not.toBe(before.body.state);
  });

  it('refuses a delegate’s API call on a BAL whose delegation was revoked', async () => {
    const holder = await makeAccount();
    const delegate = await makeAccount();
    const delegationId = await makeDelegation(
      holder.accountId,
      delegate.person.idNat,
      holder.person.idNat,
    );
    const ok = await jmap(delegate.token, [
      ['Mailbox/get', { accountId: holder.accountId, ids: null }, 'a'],
    ]);
    expect(result(ok, 'Mailbox/get').list.length).toBe(6);
    await revokeDelegation(env.DB, delegationId);
    const refused = await jmap(delegate.token, [
      ['Mailbox/get', { accountId: holder.accountId, ids: null }, 'a'],
    ]);
    expect(refused.methodResponses[0]).toEqual(['error', { type: 'accountNotFound' }, 'a']);
  });

  it('names the delegate, not the holder, in the traces of what they do in the BAL', async () => {
    const holder = await makeAccount();
    const delegate = await makeAccount();
    await makeDelegation(holder.accountId, delegate.person.idNat, holder.person.idNat);
    const stored = await deliver(holder.accountId, rawMessage());
    const emailId = stored.status === 'stored' ? stored.emailId : '';
    await jmap(delegate.token, [
      ['Email/set', { accountId: holder.accountId, destroy: [emailId] }, 'd'],
    ]);
    const traces = await env.DB.prepare(
      "SELECT actor_id_nat, bal_id FROM traces WHERE kind = 'mail_deleted'",
    ).all();
    expect(traces.results).toEqual([
      { actor_id_nat: delegate.person.idNat, bal_id: holder.accountId },
    ]);
  });

  it('refuses a session request without authentication', async () => {
    const { status } = await session({});
    expect(status).toBe(401);
  });
});
