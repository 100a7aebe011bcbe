import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PUSH_SUBSCRIPTION_MAX_MS } from '../../../server/jmap/push-subscription.ts';
import { bearerToken } from '../support/factories.ts';
import { jmap, type Loose, makeAccount, result } from '../support/mail.ts';

const PUSH_URL = 'https://push.example.org/jmap/abc';

/** Catches the POSTs Pli makes to push URLs (the PushVerification), answering 201. */
function catchPushes() {
  const pushes: { url: string; body: Loose; headers: Headers }[] = [];
  const real = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith('https://push.example.org/')) return real(input, init);
    pushes.push({
      url,
      body: JSON.parse(String(init?.body)),
      headers: new Headers(init?.headers),
    });
    return new Response(null, { status: 201 });
  });
  return pushes;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('PushSubscription', () => {
  it('forbids a push URL that is not https or names a private host: invalidProperties on url, nothing stored', async () => {
    const pushes = catchPushes();
    const { token } = await makeAccount();
    const urls = [
      'http://example.com/push',
      'https://127.0.0.1/push',
      'https://localhost/push',
      'https://[::1]/push',
      'https://user:secret@push.example.org/push',
      'pas une url',
    ];
    const create = Object.fromEntries(
      urls.map((url, i) => [`c${i}`, { deviceClientId: 'poste-1', url }]),
    );
    const body = await jmap(token, [
      ['PushSubscription/set', { create }, 's'],
      ['PushSubscription/get', { ids: null }, 'g'],
    ]);
    const set = result(body, 'PushSubscription/set');
    expect(set.created).toBeNull();
    expect(
      Object.values(set.notCreated as Record<string, Loose>).map((e) => [e.type, e.properties]),
    ).toEqual(urls.map(() => ['invalidProperties', ['url']]));
    expect(result(body, 'PushSubscription/get').list).toEqual([]);
    expect(pushes).toEqual([]);
  });

  it('creates a subscription that sends a PushVerification and is verified only with its code', async () => {
    const pushes = catchPushes();
    const { token } = await makeAccount();
    const created = await jmap(token, [
      [
        'PushSubscription/set',
        { create: { p: { deviceClientId: 'poste-1', url: PUSH_URL, types: ['Email'] } } },
        's',
      ],
    ]);
    const made = result(created, 'PushSubscription/set').created.p;
    expect(made.keys).toBeNull();
    expect(Date.parse(made.expires)).toBeLessThanOrEqual(Date.now() + PUSH_SUBSCRIPTION_MAX_MS);
    expect(pushes).toHaveLength(1);
    const push = pushes[0] as (typeof pushes)[number];
    expect(push.url).toBe(PUSH_URL);
    expect(push.headers.get('Content-Type')).toBe('application/json');
    expect(push.headers.get('TTL')).toEqual(expect.any(String));
    expect(push.body).toEqual({
      '@type': 'PushVerification',
      pushSubscriptionId: made.id,
      verificationCode: expect.stringMatching(/^[0-9a-f]{32}$/),
    });

    const before = await jmap(token, [
      ['PushSubscription/get', { ids: null }, 'g'],
      ['PushSubscription/get', { ids: [made.id], properties: ['url'] }, 'u'],
      ['PushSubscription/set', { update: { [made.id]: { verificationCode: 'deviné' } } }, 'w'],
      [
        'PushSubscription/set',
        { update: { [made.id]: { url: 'https://push.example.org/x' } } },
        'i',
      ],
    ]);
    expect(result(before, 'PushSubscription/get', 'g').list).toEqual([
      {
        id: made.id,
        deviceClientId: 'poste-1',
        verificationCode: null,
        expires: made.expires,
        types: ['Email'],
      },
    ]);
    expect(before.methodResponses[1]?.[1].type).toBe('forbidden');
    expect(result(before, 'PushSubscription/set', 'w').notUpdated[made.id]).toMatchObject({
      type: 'invalidProperties',
      properties: ['verificationCode'],
    });
    expect(result(before, 'PushSubscription/set', 'i').notUpdated[made.id]).toMatchObject({
      type: 'invalidProperties',
      properties: ['url'],
    });

    const code = push.body.verificationCode;
    const after = await jmap(token, [
      ['PushSubscription/set', { update: { [made.id]: { verificationCode: code } } }, 'v'],
      ['PushSubscription/get', { ids: [made.id], properties: ['verificationCode'] }, 'g'],
      ['PushSubscription/set', { destroy: [made.id] }, 'd'],
      ['PushSubscription/get', { ids: [made.id] }, 'n'],
    ]);
    expect(result(after, 'PushSubscription/set', 'v').updated).toEqual({ [made.id]: null });
    expect(result(after, 'PushSubscription/get', 'g').list).toEqual([
      { id: made.id, verificationCode: code },
    ]);
    expect(result(after, 'PushSubscription/set', 'd').destroyed).toEqual([made.id]);
    expect(result(after, 'PushSubscription/get', 'n').notFound).toEqual([made.id]);
    const stored = await env.DB.prepare('SELECT COUNT(*) AS n FROM push_subscriptions WHERE id = ?')
      .bind(made.id)
      .first<{ n: number }>();
    expect(stored?.n).toBe(0);
  });

  it('forbids another credential of the same person from seeing or changing a subscription', async () => {
    catchPushes();
    const { token, person } = await makeAccount();
    const other = await bearerToken(person.idNat, 'Autre poste');
    const created = await jmap(token, [
      [
        'PushSubscription/set',
        { create: { p: { deviceClientId: 'poste-1', url: PUSH_URL } } },
        's',
      ],
    ]);
    const id = result(created, 'PushSubscription/set').created.p.id;
    const body = await jmap(other, [
      ['PushSubscription/get', { ids: null }, 'g'],
      ['PushSubscription/set', { destroy: [id] }, 'd'],
    ]);
    expect(result(body, 'PushSubscription/get').list).toEqual([]);
    expect(result(body, 'PushSubscription/set').notDestroyed[id].type).toBe('notFound');
  });
});
