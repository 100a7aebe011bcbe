import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { SUPPORT_LIMIT, supportAddress } from '../../../server/routes/public.ts';
import { call, Jar } from '../support/identity.ts';

const request = {
  name: 'Dr Claire Martin',
  email: 'claire.martin@example.fr',
  topic: 'connexion',
  subject: 'Code non reçu',
  message: 'Je ne reçois pas le code à usage unique.',
};

/** The dev outbox rows sent to an address. */
async function sentTo(to: string) {
  const { results } = await env.DB.prepare(
    'SELECT subject, body FROM dev_outbox WHERE recipient = ? ORDER BY id',
  )
    .bind(to)
    .all<{ subject: string; body: string }>();
  return results;
}

const support = (ip: string, body: unknown = request, headers: Record<string, string> = {}) =>
  call(new Jar(), '/api/public/support', {
    method: 'POST',
    body,
    headers: { 'CF-Connecting-IP': ip, ...headers },
  });

describe('public pages API', () => {
  it('lists every version of the CGU signed out, the one in force first', async () => {
    await env.DB.prepare(
      'INSERT INTO cgu_versions (version, title, body, published_at) VALUES (?, ?, ?, ?)',
    )
      .bind(
        '2099-01',
        'Conditions générales d’utilisation',
        'Texte de la version 2099.',
        Date.parse('2099-01-01'),
      )
      .run();
    const response = await call(new Jar(), '/api/public/cgu');
    expect(response.status).toBe(200);
    const { versions } = (await response.json()) as {
      versions: { version: string; body: string; publishedAt: string }[];
    };
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(versions[0]).toMatchObject({ version: '2099-01', body: 'Texte de la version 2099.' });
    const dates = versions.map((v) => v.publishedAt);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('sends a support request to the operator’s support address, with a copy to the sender', async () => {
    const response = await support('192.0.2.10');
    expect(response.status).toBe(204);
    const toSupport = (await sentTo(supportAddress(env))).at(-1);
    expect(toSupport?.subject).toBe('[Support] Code non reçu');
    expect(toSupport?.body).toContain('Je ne reçois pas le code à usage unique.');
    expect(toSupport?.body).toContain('Dr Claire Martin <claire.martin@example.fr>');
    const copy = (await sentTo('claire.martin@example.fr')).at(-1);
    expect(copy?.subject).toBe('Votre demande au support Pli : Code non reçu');
    expect(copy?.body).toContain('Je ne reçois pas le code à usage unique.');
  });

  it('refuses an incomplete support request and sends nothing', async () => {
    const before = (await sentTo(supportAddress(env))).length;
    const response = await support('192.0.2.11', { ...request, email: 'pas-une-adresse' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'invalid_request',
    );
    expect((await sentTo(supportAddress(env))).length).toBe(before);
  });

  it('forbids a support request posted from another site', async () => {
    const response = await support('192.0.2.12', request, { Origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'csrf_rejected',
    );
  });

  it('forbids more support requests from one address than the limit allows', async () => {
    for (let i = 0; i < SUPPORT_LIMIT.max; i++) {
      expect((await support('192.0.2.13')).status).toBe(204);
    }
    const refused = await support('192.0.2.13');
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // Another address is not affected.
    expect((await support('192.0.2.14')).status).toBe(204);
  });
});
