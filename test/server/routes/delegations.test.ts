import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { accessibleBal } from '../../../server/storage/bals.ts';
import { listOutbox } from '../../../server/storage/dev-outbox.ts';
import { listTraces } from '../../../server/storage/traces.ts';
import { extractLines, importLines, withFields } from '../directory/support.ts';
import { makeContact } from '../support/account-factories.ts';
import {
  bearerToken,
  callAs,
  makeBal,
  makeDelegation,
  makePerson,
  sessionCookie,
} from '../support/factories.ts';

const withToken = (path: string, token: string, method = 'GET', body?: unknown) =>
  callAs({ token }, path, method, body);

const api = (path: string, session: string, init: RequestInit = {}) =>
  exports.default.fetch(`http://pli.test${path}`, {
    ...init,
    headers: { Cookie: session, 'Content-Type': 'application/json' },
  });

const post = (session: string, body: unknown) =>
  api('/api/delegations', session, { method: 'POST', body: JSON.stringify(body) });

async function holderSetup() {
  const holder = await makePerson({ givenName: 'Claire', familyName: 'Martin' });
  const bal = await makeBal(holder.idNat, 'claire.martin@medecin.pli.mssante.fr');
  await makeContact(holder.idNat, { email: 'claire@example.org' });
  return { holder, bal, session: await sessionCookie(holder.idNat) };
}

async function delegateSetup(email: string) {
  const person = await makePerson({ givenName: 'Sophie', familyName: 'Garnier' });
  await makeContact(person.idNat, { email });
  return { person, session: await sessionCookie(person.idNat) };
}

describe('POST /api/delegations', () => {
  it('lets the holder add a delegate by idNat', async () => {
    const { bal, session } = await holderSetup();
    const { person } = await delegateSetup('sophie@example.org');
    const response = await post(session, { bal: bal.address, idNat: person.idNat });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await accessibleBal(env.DB, person.idNat, bal.id)).toMatchObject({ role: 'delegate' });
  });

  it('adds a professional by RPPS from the directory who never signed in', async () => {
    const { bal, session } = await holderSetup();
    const lines = extractLines(5);
    await importLines([
      ...lines,
      withFields(lines[1] as string, {
        1: 'paul.vidal@medecin.mssante.fr',
        3: '10109876548',
        4: '810109876548',
        9: 'VIDAL',
        10: 'Paul',
      }),
    ]);
    const response = await post(session, { bal: bal.address, idNat: '10109876548' });
    expect(response.status).toBe(201);
    const list = (await (await api(`/api/delegations?bal=${bal.address}`, session)).json()) as {
      delegations: { delegateIdNat: string; delegateName: string }[];
    };
    expect(list.delegations.map((d) => [d.delegateIdNat, d.delegateName])).toEqual([
      ['810109876548', 'Paul VIDAL'],
    ]);
  });

  it('emails the delegate, the holder and the BAL’s other delegates', async () => {
    const { holder, bal, session } = await holderSetup();
    const first = await delegateSetup('premiere@example.org');
    await makeDelegation(bal.id, first.person.idNat, holder.idNat);
    const second = await delegateSetup('seconde@example.org');
    expect((await post(session, { bal: bal.address, idNat: second.person.idNat })).status).toBe(
      201,
    );
    for (const to of ['seconde@example.org', 'claire@example.org', 'premiere@example.org']) {
      const [mail] = await listOutbox(env.DB, { to, limit: 5 });
      expect(mail?.subject).toBe('Nouvelle délégation sur une messagerie sécurisée de santé');
      expect(mail?.body).toContain('Claire Martin a donné à Sophie Garnier un accès en délégation');
    }
  });

  it('traces the creation with the holder as actor', async () => {
    const { holder, bal, session } = await holderSetup();
    const { person } = await delegateSetup('sophie@example.org');
    await post(session, { bal: bal.address, idNat: person.idNat });
    const [trace] = await listTraces(env.DB, bal.id, { limit: 5 });
    expect(trace).toMatchObject({
      kind: 'delegation_created',
      actorIdNat: holder.idNat,
      channel: 'session',
    });
  });

  it('refuses a delegate who adds someone else to the BAL', async () => {
    const { holder, bal } = await holderSetup();
    const delegate = await delegateSetup('sophie@example.org');
    await makeDelegation(bal.id, delegate.person.idNat, holder.idNat);
    const stranger = await makePerson();
    const response = await post(delegate.session, { bal: bal.address, idNat: stranger.idNat });
    expect(response.status).toBe(403);
  });

  it('refuses a stranger to the BAL as if it did not exist', async () => {
    const { bal } = await holderSetup();
    const stranger = await delegateSetup('x@example.org');
    const other = await makePerson();
    expect((await post(stranger.session, { bal: bal.address, idNat: other.idNat })).status).toBe(
      404,
    );
    expect((await api(`/api/delegations?bal=${bal.address}`, stranger.session)).status).toBe(404);
  });

  it('refuses an unknown professional, the holder themself and a duplicate', async () => {
    const { holder, bal, session } = await holderSetup();
    const { person } = await delegateSetup('sophie@example.org');
    expect((await post(session, { bal: bal.address, idNat: '899999999999' })).status).toBe(404);
    expect((await post(session, { bal: bal.address, idNat: holder.idNat })).status).toBe(400);
    expect((await post(session, { bal: bal.address, idNat: person.idNat })).status).toBe(201);
    expect((await post(session, { bal: bal.address, idNat: person.idNat })).status).toBe(409);
    expect((await post(session, { bal: bal.address })).status).toBe(400);
  });

  it('forbids a device token from granting a delegation', async () => {
    const { holder, bal } = await holderSetup();
    const { person } = await delegateSetup('sophie@example.org');
    const token = await bearerToken(holder.idNat);
    const response = await withToken('/api/delegations', token, 'POST', {
      bal: bal.address,
      idNat: person.idNat,
    });
    expect(response.status).toBe(403);
    expect(await accessibleBal(env.DB, person.idNat, bal.id)).toBeNull();
  });
});

describe('DELETE /api/delegations/:id', () => {
  it('refuses a revoked delegate on its very next request', async () => {
    const { bal, session } = await holderSetup();
    const delegate = await delegateSetup('sophie@example.org');
    const { id } = (await (
      await post(session, { bal: bal.address, idNat: delegate.person.idNat })
    ).json()) as { id: string };
    expect((await api(`/api/delegations?bal=${bal.address}`, delegate.session)).status).toBe(200);
    expect((await api(`/api/delegations/${id}`, session, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/api/delegations?bal=${bal.address}`, delegate.session)).status).toBe(404);
    expect(await accessibleBal(env.DB, delegate.person.idNat, bal.id)).toBeNull();
  });

  it('emails everyone concerned and traces the removal', async () => {
    const { holder, bal, session } = await holderSetup();
    const other = await delegateSetup('autre@example.org');
    await makeDelegation(bal.id, other.person.idNat, holder.idNat);
    const delegate = await delegateSetup('sophie@example.org');
    const id = await makeDelegation(bal.id, delegate.person.idNat, holder.idNat);
    await api(`/api/delegations/${id}`, session, { method: 'DELETE' });
    for (const to of ['sophie@example.org', 'claire@example.org', 'autre@example.org']) {
      const [mail] = await listOutbox(env.DB, { to, limit: 5 });
      expect(mail?.subject).toBe('Fin d’une délégation sur une messagerie sécurisée de santé');
    }
    const [trace] = await listTraces(env.DB, bal.id, { limit: 5 });
    expect(trace).toMatchObject({ kind: 'delegation_revoked', actorIdNat: holder.idNat });
  });

  it('refuses a delegate who tries to remove a delegation', async () => {
    const { holder, bal } = await holderSetup();
    const delegate = await delegateSetup('sophie@example.org');
    const id = await makeDelegation(bal.id, delegate.person.idNat, holder.idNat);
    expect(
      (await api(`/api/delegations/${id}`, delegate.session, { method: 'DELETE' })).status,
    ).toBe(403);
    const stranger = await delegateSetup('x@example.org');
    expect(
      (await api(`/api/delegations/${id}`, stranger.session, { method: 'DELETE' })).status,
    ).toBe(404);
    expect(await accessibleBal(env.DB, delegate.person.idNat, bal.id)).not.toBeNull();
  });

  it('lets a delegate ask the holder to end their access', async () => {
    const { holder, bal } = await holderSetup();
    const delegate = await delegateSetup('sophie@example.org');
    const id = await makeDelegation(bal.id, delegate.person.idNat, holder.idNat);
    const response = await api(`/api/delegations/${id}/end-request`, delegate.session, {
      method: 'POST',
    });
    expect(response.status).toBe(202);
    const [mail] = await listOutbox(env.DB, { to: 'claire@example.org', limit: 5 });
    expect(mail?.body).toContain('Sophie Garnier demande la fin de son accès');
    const [trace] = await listTraces(env.DB, bal.id, { limit: 5 });
    expect(trace).toMatchObject({
      kind: 'delegation_end_requested',
      actorIdNat: delegate.person.idNat,
    });
  });
});

describe('GET /api/delegations', () => {
  it('shows a delegate their own delegations only', async () => {
    const { holder, bal, session } = await holderSetup();
    const a = await delegateSetup('a@example.org');
    const b = await delegateSetup('b@example.org');
    await makeDelegation(bal.id, a.person.idNat, holder.idNat);
    await makeDelegation(bal.id, b.person.idNat, holder.idNat);
    const asHolder = (await (await api(`/api/delegations?bal=${bal.address}`, session)).json()) as {
      delegations: unknown[];
    };
    expect(asHolder.delegations).toHaveLength(2);
    const asA = (await (await api(`/api/delegations?bal=${bal.address}`, a.session)).json()) as {
      delegations: { delegateIdNat: string }[];
    };
    expect(asA.delegations.map((d) => d.delegateIdNat)).toEqual([a.person.idNat]);
    const mine = (await (await api('/api/delegations', a.session)).json()) as {
      delegations: { balAddress: string }[];
    };
    expect(mine.delegations.map((d) => d.balAddress)).toEqual([bal.address]);
  });

  it('forbids a device token from listing delegations', async () => {
    const { holder, bal } = await holderSetup();
    const token = await bearerToken(holder.idNat);
    expect((await withToken(`/api/delegations?bal=${bal.address}`, token)).status).toBe(403);
    expect((await withToken('/api/delegations', token)).status).toBe(403);
  });
});
