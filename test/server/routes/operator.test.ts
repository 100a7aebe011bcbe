import { createScheduledController } from 'cloudflare:test';
import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { computeDailyStats } from '../../../server/account/statistics.ts';
import { sendCguNotices } from '../../../server/cgu/cgu.ts';
import { searchDirectory } from '../../../server/directory/search.ts';
import { handleScheduled } from '../../../server/handlers/scheduled.ts';
import { listOutbox } from '../../../server/storage/dev-outbox.ts';
import { recordTrace } from '../../../server/storage/traces.ts';
import { makeContact, makeOperator } from '../support/account-factories.ts';
import { bearerToken, makeBal, makePerson, sessionCookie } from '../support/factories.ts';

const call = (path: string, session: string | null, method = 'GET', body?: unknown, raw?: string) =>
  exports.default.fetch(`http://pli.test${path}`, {
    method,
    headers: {
      ...(session ? { Cookie: session } : {}),
      'Content-Type': raw === undefined ? 'application/json' : 'text/csv',
    },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });

async function operator() {
  const person = await makePerson({ givenName: 'Opé', familyName: 'Rateur' });
  await makeOperator(person.idNat);
  return sessionCookie(person.idNat);
}

/** A user who accepted the CGU in force (the first version). */
async function user(email: string) {
  const person = await makePerson();
  await makeBal(person.idNat);
  await makeContact(person.idNat, { email });
  await env.DB.prepare(
    "INSERT INTO cgu_acceptances (id_nat, version, accepted_at) VALUES (?, '2026-11', 1)",
  )
    .bind(person.idNat)
    .run();
  return { person, session: await sessionCookie(person.idNat) };
}

describe('CGU notices', () => {
  it('tell every user once, in batches that resume where the last one stopped', async () => {
    const op = await operator();
    const emails = ['un@example.org', 'deux@example.org', 'trois@example.org'];
    for (const email of emails) await user(email);
    const body = { version: '2027-02', title: 'CGU', body: 'Texte.' };
    expect((await call('/api/operator/cgu', op, 'POST', body)).status).toBe(201);
    const told = async () =>
      (await listOutbox(env.DB, { limit: 50 })).filter((m) => m.subject?.startsWith('Évolution'));
    await sendCguNotices(env, 2);
    expect(await told()).toHaveLength(2);
    await sendCguNotices(env, 2);
    expect((await told()).map((m) => m.to).sort()).toEqual([...emails].sort());
    await sendCguNotices(env, 2);
    expect(await told()).toHaveLength(3);
  });
});

describe('operator console', () => {
  it('refuses anyone but an operator', async () => {
    const { session } = await user('a@example.org');
    for (const [path, method] of [
      ['/api/operator/stats?from=2026-01-01&to=2026-12-31', 'GET'],
      ['/api/operator/cgu', 'POST'],
      ['/api/operator/banner', 'POST'],
      ['/api/operator/medico-social', 'POST'],
    ] as const) {
      const body = method === 'GET' ? undefined : {};
      expect((await call(path, session, method, body)).status).toBe(403);
      expect((await call(path, null, method, body)).status).toBe(401);
    }
  });

  it('forbids a person who has not accepted new CGU from any route but those open before acceptance', async () => {
    const op = await operator();
    const { person, session } = await user('gate@example.org');
    const token = await bearerToken(person.idNat);
    await call('/api/operator/cgu', op, 'POST', {
      version: '2027-02',
      title: 'CGU',
      body: 'Texte.',
    });
    const code = async (response: Response) =>
      ((await response.json()) as { error?: { code: string } }).error?.code ?? response.status;
    for (const path of ['/api/me', '/api/cgu', '/api/onboarding', '/api/account/export']) {
      expect([path, (await call(path, session)).status]).toEqual([path, 200]);
    }
    for (const path of ['/api/settings', '/api/devices', '/api/traces']) {
      expect([path, await code(await call(path, session))]).toEqual([path, 'cgu_required']);
    }
    const deletion = await call('/api/account/delete-bal', session, 'POST', {
      bal: 'x',
      confirm: 'x',
    });
    expect(await code(deletion)).toBe('cgu_required');
    const jmapSession = await exports.default.fetch('http://pli.test/.well-known/jmap', {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(await code(jmapSession)).toBe('cgu_required');
  });

  it('publishes a CGU version that every user must accept before going on, and tells them', async () => {
    const op = await operator();
    const { session } = await user('utilisatrice@example.org');
    expect((await call('/api/settings', session)).status).toBe(200);
    const published = await call('/api/operator/cgu', op, 'POST', {
      version: '2027-01',
      title: 'CGU 2027',
      body: 'Nouvelles conditions.',
    });
    expect(published.status).toBe(201);
    // The notices go out from the scheduled job, not inside the publishing request.
    expect(await listOutbox(env.DB, { to: 'utilisatrice@example.org', limit: 1 })).toEqual([]);
    await handleScheduled(createScheduledController({ cron: '*/15 * * * *' }), env);
    const [mail] = await listOutbox(env.DB, { to: 'utilisatrice@example.org', limit: 1 });
    expect(mail?.subject).toBe('Évolution des conditions générales d’utilisation de Pli');
    const refused = await call('/api/settings', session);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('cgu_required');
    const status = (await (await call('/api/cgu', session)).json()) as {
      mustAccept: boolean;
      current: { version: string };
    };
    expect(status).toMatchObject({ mustAccept: true, current: { version: '2027-01' } });
    // The same status comes with /api/me, so the webmail asks nothing more before the mail.
    const person = (await (await call('/api/me', session)).json()) as { cgu: unknown };
    expect(person.cgu).toEqual(status);
    expect((await call('/api/cgu/accept', session, 'POST', { version: '2026-11' })).status).toBe(
      409,
    );
    expect((await call('/api/cgu/accept', session, 'POST', { version: '2027-01' })).status).toBe(
      204,
    );
    expect((await call('/api/settings', session)).status).toBe(200);
    const history = (await (await call('/api/settings', session)).json()) as {
      cgu: { accepted: { version: string }[] };
    };
    expect(history.cgu.accepted.map((a) => a.version)).toEqual(['2027-01', '2026-11']);
    expect(
      (await call('/api/operator/cgu', op, 'POST', { version: '2027-01', title: 't', body: 'b' }))
        .status,
    ).toBe(409);
  });

  it('shows a maintenance banner to everyone until it ends', async () => {
    const op = await operator();
    expect(
      ((await (await call('/api/banner', null)).json()) as { banner: unknown }).banner,
    ).toBeNull();
    const created = await call('/api/operator/banner', op, 'POST', {
      message: 'Maintenance ce soir de 22 h à 23 h.',
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: number };
    const shown = (await (await call('/api/banner', null)).json()) as {
      banner: { message: string };
    };
    expect(shown.banner.message).toBe('Maintenance ce soir de 22 h à 23 h.');
    expect((await call(`/api/operator/banner/${id}`, op, 'DELETE')).status).toBe(204);
    expect(
      ((await (await call('/api/banner', null)).json()) as { banner: unknown }).banner,
    ).toBeNull();
  });

  it('imports medico-social accounts from a registration authority’s CSV', async () => {
    const op = await operator();
    const csv = [
      'idNat;civilite;nom;prenom;email;mobile',
      '0300000001;MME;Durand;Anne-Sophie;anne.durand@example.org;06 12 34 56 78',
      '0300000002;M;Petit;Luc;pas-une-adresse;',
      '0300000003;M;Faure;Jean;jean.faure@example.org;',
    ].join('\n');
    const response = await call('/api/operator/medico-social', op, 'POST', undefined, csv);
    expect(response.status).toBe(200);
    const result = (await response.json()) as {
      created: { idNat: string; address: string }[];
      errors: unknown[];
    };
    expect(result.created.map((c) => c.address)).toEqual([
      'anne-sophie.durand@professionnel.pli.mssante.fr',
      'jean.faure@professionnel.pli.mssante.fr',
    ]);
    expect(result.errors).toEqual([{ line: 3, reason: 'invalid_email' }]);
    const [welcome] = await listOutbox(env.DB, { to: 'anne.durand@example.org', limit: 1 });
    expect(welcome?.body).toContain('anne-sophie.durand@professionnel.pli.mssante.fr');
    expect((await searchDirectory(env.DB, 'durand anne', 5))[0]?.address).toBe(
      'anne-sophie.durand@professionnel.pli.mssante.fr',
    );
    const again = (await (
      await call('/api/operator/medico-social', op, 'POST', undefined, csv)
    ).json()) as {
      created: unknown[];
      skipped: string[];
    };
    expect(again.created).toEqual([]);
    expect(again.skipped).toEqual(['0300000001', '0300000003']);
  });

  it('forbids a medico-social CSV that is not UTF-8 (a Windows-1252 export): invalid_encoding', async () => {
    const op = await operator();
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode('idNat;civilite;nom;prenom;email;mobile\n0300000009;MME;Beno'),
      0xee, // "î" in Windows-1252, not UTF-8
      ...new TextEncoder().encode('t;Ma;ma.benoit@example.org;\n'),
    ]);
    const response = await exports.default.fetch('http://pli.test/api/operator/medico-social', {
      method: 'POST',
      headers: { Cookie: op, 'Content-Type': 'text/csv' },
      body: latin1,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'invalid_encoding',
    );
    const row = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM persons WHERE id_nat = '0300000009'",
    ).first<{ n: number }>();
    expect(row?.n).toBe(0);
  });

  it('gives anonymous daily statistics, never a person', async () => {
    const op = await operator();
    const a = await makePerson();
    const b = await makePerson();
    for (const person of [a, a, b]) {
      await recordTrace(env.DB, {
        kind: 'login',
        actorIdNat: person.idNat,
        at: Date.UTC(2026, 10, 21, 9),
      });
    }
    await computeDailyStats(env.DB, Date.UTC(2026, 10, 22, 3));
    const body = await (await call('/api/operator/stats?from=2026-11-21&to=2026-11-21', op)).json();
    expect(body).toMatchObject({
      days: [{ day: '2026-11-21', metrics: { active_users: 2, 'actions:login': 3 } }],
    });
    expect(JSON.stringify(body)).not.toContain(a.idNat);
  });
});
