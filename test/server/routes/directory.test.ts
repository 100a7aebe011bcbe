import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { noteRecentCorrespondents } from '../../../server/directory/correspondents.ts';
import { extractLines, importLines, withFields } from '../directory/support.ts';
import { bearerToken, callAs, makePerson, sessionCookie } from '../support/factories.ts';

const api = (path: string, session: string, init: RequestInit = {}) =>
  exports.default.fetch(`http://pli.test${path}`, {
    ...init,
    headers: {
      Cookie: session,
      'Content-Type': 'application/json',
      ...init.headers,
    },
  });

async function signedIn() {
  const person = await makePerson();
  return { person, session: await sessionCookie(person.idNat) };
}

async function withDirectory() {
  const lines = extractLines(100, 3);
  const known = withFields(lines[1] as string, {
    1: 'anne.dufresne@medecin.mssante.fr',
    9: 'DUFRESNE',
    10: 'Anne',
    27: '69003 LYON',
    28: '69003',
  });
  await importLines([lines[0] as string, known, ...lines.slice(2)]);
}

describe('GET /api/directory', () => {
  it('answers the contract shape', async () => {
    await withDirectory();
    const { session } = await signedIn();
    const response = await api('/api/directory?q=dufresne&limit=5', session);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { results: Record<string, unknown>[] };
    expect(body.results[0]).toMatchObject({
      address: 'anne.dufresne@medecin.mssante.fr',
      name: 'Anne DUFRESNE',
      city: 'LYON',
    });
    for (const key of ['address', 'name', 'profession', 'specialty', 'city', 'idNat']) {
      expect(body.results[0]).toHaveProperty(key);
    }
  });

  it('caps the number of results', async () => {
    await withDirectory();
    const { session } = await signedIn();
    const body = (await (await api('/api/directory?q=mssante&limit=3', session)).json()) as {
      results: unknown[];
    };
    expect(body.results).toHaveLength(3);
    const big = (await (await api('/api/directory?q=mssante&limit=9999', session)).json()) as {
      results: unknown[];
    };
    expect(big.results).toHaveLength(50);
  });

  it('refuses an anonymous search', async () => {
    const response = await exports.default.fetch('http://pli.test/api/directory?q=martin');
    expect(response.status).toBe(401);
  });
});

describe('favourites and recent correspondents', () => {
  it('keeps a user’s favourites apart from another user’s', async () => {
    await withDirectory();
    const me = await signedIn();
    const other = await signedIn();
    const added = await api('/api/directory/favourites', me.session, {
      method: 'POST',
      body: JSON.stringify({ address: 'Anne.Dufresne@medecin.mssante.fr' }),
    });
    expect(added.status).toBe(204);
    const mine = (await (await api('/api/directory/favourites', me.session)).json()) as {
      items: { address: string; entry: { name: string } | null }[];
    };
    expect(mine.items.map((i) => [i.address, i.entry?.name])).toEqual([
      ['anne.dufresne@medecin.mssante.fr', 'Anne DUFRESNE'],
    ]);
    const theirs = (await (await api('/api/directory/favourites', other.session)).json()) as {
      items: unknown[];
    };
    expect(theirs.items).toEqual([]);
    const removed = await api(
      `/api/directory/favourites/${encodeURIComponent('anne.dufresne@medecin.mssante.fr')}`,
      me.session,
      { method: 'DELETE' },
    );
    expect(removed.status).toBe(204);
    expect(
      ((await (await api('/api/directory/favourites', me.session)).json()) as { items: unknown[] })
        .items,
    ).toEqual([]);
  });

  it('refuses a patient address as a favourite', async () => {
    const me = await signedIn();
    const response = await api('/api/directory/favourites', me.session, {
      method: 'POST',
      body: JSON.stringify({ address: '284076312345678@patient.mssante.fr' }),
    });
    expect(response.status).toBe(400);
  });

  it('lists the latest correspondents first, never a patient', async () => {
    const me = await signedIn();
    await noteRecentCorrespondents(env.DB, me.person.idNat, ['a@medecin.mssante.fr'], 1000);
    await noteRecentCorrespondents(
      env.DB,
      me.person.idNat,
      ['b@medecin.mssante.fr', '284076312345678@patient.mssante.fr'],
      2000,
    );
    const body = (await (await api('/api/directory/recent', me.session)).json()) as {
      items: { address: string }[];
    };
    expect(body.items.map((i) => i.address)).toEqual([
      'b@medecin.mssante.fr',
      'a@medecin.mssante.fr',
    ]);
  });
});

describe('the directory for a device token (the extension’s composer)', () => {
  it('lets a device token search and read the person’s favourites and recents, not change them', async () => {
    await withDirectory();
    const me = await signedIn();
    const token = await bearerToken(me.person.idNat);
    await api('/api/directory/favourites', me.session, {
      method: 'POST',
      body: JSON.stringify({ address: 'anne.dufresne@medecin.mssante.fr' }),
    });
    await noteRecentCorrespondents(env.DB, me.person.idNat, ['b@medecin.mssante.fr'], 1000);

    const found = await callAs({ token }, '/api/directory?q=dufresne&limit=5');
    expect(found.status).toBe(200);
    const results = ((await found.json()) as { results: { address: string }[] }).results;
    expect(results[0]?.address).toBe('anne.dufresne@medecin.mssante.fr');
    const favourites = (await (await callAs({ token }, '/api/directory/favourites')).json()) as {
      items: { address: string }[];
    };
    expect(favourites.items.map((i) => i.address)).toEqual(['anne.dufresne@medecin.mssante.fr']);
    const recents = (await (await callAs({ token }, '/api/directory/recent')).json()) as {
      items: { address: string }[];
    };
    expect(recents.items.map((i) => i.address)).toEqual(['b@medecin.mssante.fr']);

    const added = await callAs({ token }, '/api/directory/favourites', 'POST', {
      address: 'b@medecin.mssante.fr',
    });
    expect(added.status).toBe(403);
    const removed = await callAs(
      { token },
      `/api/directory/favourites/${encodeURIComponent('anne.dufresne@medecin.mssante.fr')}`,
      'DELETE',
    );
    expect(removed.status).toBe(403);
    const still = (await (await api('/api/directory/favourites', me.session)).json()) as {
      items: { address: string }[];
    };
    expect(still.items.map((i) => i.address)).toEqual(['anne.dufresne@medecin.mssante.fr']);
  });
});
