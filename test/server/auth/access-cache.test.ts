import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  ACCESS_MAX_ENTRIES,
  ACCESS_TTL_MS,
  accessGeneration,
  cachedAccess,
  cachedAccessCount,
  forgetAccess,
  keepAccess,
} from '../../../server/auth/access-cache.ts';
import { callAs, makeDelegation, makePerson, sessionCookie } from '../support/factories.ts';
import { jmap, type Loose, makeAccount } from '../support/mail.ts';

const mailboxGet = (accountId: string) =>
  [['Mailbox/get', { accountId, ids: null }, 'm']] as [string, Record<string, Loose>, string][];

/** A JMAP call with a device token: its HTTP status and first method response. */
async function callWith(token: string, accountId: string) {
  const response = await callAs({ token }, '/jmap/api', 'POST', {
    using: ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'],
    methodCalls: mailboxGet(accountId),
  });
  const body =
    response.status === 200
      ? ((await response.json()) as { methodResponses: [string, Loose, string][] })
      : null;
  return { status: response.status, first: body?.methodResponses[0]?.[0] };
}

/** A holder's BAL delegated to another person, who calls with a device token. */
async function delegatedBal() {
  const holder = await makeAccount();
  const delegate = await makeAccount();
  const delegationId = await makeDelegation(
    holder.accountId,
    delegate.person.idNat,
    holder.person.idNat,
  );
  return { holder, delegate, delegationId };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('access cache', () => {
  it('forbids a device token revoked through /api/devices from reaching mail on its next request', async () => {
    const { person, token, accountId } = await makeAccount();
    expect((await callWith(token, accountId)).first).toBe('Mailbox/get');
    expect(cachedAccessCount()).toBeGreaterThan(0);
    const session = await sessionCookie(person.idNat);
    const devices = (await (await callAs({ session }, '/api/devices')).json()) as {
      devices: { id: string }[];
    };
    const revoke = await callAs({ session }, `/api/devices/${devices.devices[0]?.id}`, 'DELETE');
    expect(revoke.status).toBe(204);
    expect((await callWith(token, accountId)).status).toBe(401);
  });

  it('forbids a delegate from the BAL on their next request once the holder revokes the delegation', async () => {
    const { holder, delegate, delegationId } = await delegatedBal();
    expect((await callWith(delegate.token, holder.accountId)).first).toBe('Mailbox/get');
    const session = await sessionCookie(holder.person.idNat);
    const revoke = await callAs({ session }, `/api/delegations/${delegationId}`, 'DELETE');
    expect(revoke.status).toBe(204);
    expect((await callWith(delegate.token, holder.accountId)).first).toBe('error');
  });

  it('forbids a device token revoked by another isolate within a second', async () => {
    const { token, accountId } = await makeAccount();
    expect((await callWith(token, accountId)).first).toBe('Mailbox/get');
    expect(cachedAccessCount()).toBeGreaterThan(0);
    // Written straight to D1, as a revocation served by another isolate would be: this
    // isolate's cache is not told, so only the time limit ends the cached access.
    await env.DB.prepare('UPDATE device_tokens SET revoked_at = ? WHERE revoked_at IS NULL')
      .bind(Date.now())
      .run();
    await wait(ACCESS_TTL_MS + 50);
    expect((await callWith(token, accountId)).status).toBe(401);
  });

  it('forbids a delegate from a BAL whose delegation another isolate revoked, within a second', async () => {
    const { holder, delegate, delegationId } = await delegatedBal();
    expect((await callWith(delegate.token, holder.accountId)).first).toBe('Mailbox/get');
    expect(cachedAccessCount()).toBeGreaterThan(0);
    await env.DB.prepare('UPDATE delegations SET revoked_at = ? WHERE id = ?')
      .bind(Date.now(), delegationId)
      .run();
    await wait(ACCESS_TTL_MS + 50);
    const refused = await jmap(delegate.token, mailboxGet(holder.accountId));
    expect(refused.methodResponses[0]).toEqual(['error', { type: 'accountNotFound' }, 'm']);
    // The delegate's own BAL is still theirs.
    expect((await callWith(delegate.token, delegate.accountId)).first).toBe('Mailbox/get');
  });

  it('forbids a session ended by logout from calling again', async () => {
    const person = await makePerson();
    const session = await sessionCookie(person.idNat);
    expect((await callAs({ session }, '/.well-known/jmap')).status).toBe(200);
    expect((await callAs({ session }, '/auth/logout', 'POST')).status).toBeLessThan(400);
    expect((await callAs({ session }, '/.well-known/jmap')).status).toBe(401);
  });

  it('keeps at most ACCESS_MAX_ENTRIES callers, dropping the least recently used', () => {
    forgetAccess();
    const now = Date.now();
    for (let i = 0; i <= ACCESS_MAX_ENTRIES; i++) {
      keepAccess(`k${i}`, { auth: i, parts: new Map() }, now, accessGeneration());
      if (i === 1) cachedAccess('k0', now);
    }
    expect(cachedAccessCount()).toBe(ACCESS_MAX_ENTRIES);
    expect(cachedAccess('k0', now)).toBeDefined();
    expect(cachedAccess('k1', now)).toBeUndefined();
    expect(cachedAccess('k0', now + ACCESS_TTL_MS)).toBeUndefined();
    forgetAccess();
  });

  it('forbids keeping a read that began before access was forgotten', () => {
    forgetAccess();
    const began = accessGeneration();
    forgetAccess();
    keepAccess('stale', { auth: 'before revocation', parts: new Map() }, Date.now(), began);
    expect(cachedAccess('stale')).toBeUndefined();
  });
});
