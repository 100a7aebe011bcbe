import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PUSH_COALESCE_MS } from '../../../server/push/state-change.ts';
import { bearerToken, callAs, makeDelegation, makePerson } from '../support/factories.ts';
import { deliver, jmap, type Loose, makeAccount, rawMessage, result } from '../support/mail.ts';
import { type DeviceKeys, decryptPush, deviceKeys } from '../support/web-push.ts';

interface Caught {
  url: string;
  headers: Headers;
  body: Uint8Array<ArrayBuffer>;
}

/**
 * A test push service on push.example.org: records every POST Pli makes there and answers
 * 201, or the status given for a URL.
 */
function pushService(statuses: Record<string, number> = {}) {
  const caught: Caught[] = [];
  /** Every POST, the PushVerifications included (`subscribe` takes those out of `caught`). */
  const all: Caught[] = [];
  const real = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith('https://push.example.org/')) return real(input, init);
    const body = init?.body;
    const post = {
      url,
      headers: new Headers(init?.headers),
      body:
        typeof body === 'string'
          ? new TextEncoder().encode(body)
          : new Uint8Array(body as Uint8Array<ArrayBuffer>),
    };
    caught.push(post);
    all.push(post);
    return new Response(null, { status: statuses[url] ?? 201 });
  });
  const encrypted = (url: string) =>
    caught.filter((c) => c.url === url && c.headers.get('Content-Encoding') === 'aes128gcm');
  return { caught, all, encrypted };
}

async function waitFor(check: () => boolean, ms = 8_000) {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
}

const settle = () => new Promise((r) => setTimeout(r, PUSH_COALESCE_MS + 1_500));

/** Creates a subscription with the device's keys; verifies it unless `verify` is false. */
async function subscribe(
  token: string,
  service: ReturnType<typeof pushService>,
  url: string,
  device: DeviceKeys,
  options: { types?: string[]; verify?: boolean } = {},
) {
  const body = await jmap(token, [
    [
      'PushSubscription/set',
      {
        create: {
          p: {
            deviceClientId: 'extension-1',
            url,
            keys: { p256dh: device.p256dh, auth: device.auth },
            types: options.types ?? null,
          },
        },
      },
      's',
    ],
  ]);
  const set = result(body, 'PushSubscription/set');
  expect(set.notCreated).toBeNull();
  const id = set.created.p.id as string;
  // The PushVerification is the first (encrypted) message; the pushes counted come after it.
  const verification = service.encrypted(url)[0] as Caught;
  service.caught.splice(service.caught.indexOf(verification), 1);
  const code = JSON.parse(await decryptPush(verification.body, device)).verificationCode;
  if (options.verify !== false) {
    const verified = await jmap(token, [
      ['PushSubscription/set', { update: { [id]: { verificationCode: code } } }, 'v'],
    ]);
    expect(result(verified, 'PushSubscription/set').updated).toEqual({ [id]: null });
  }
  return id;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Web Push of StateChanges', { timeout: 20_000 }, () => {
  it('sends the PushVerification of a subscription with keys encrypted and VAPID-signed, as a browser push service takes it', async () => {
    const service = pushService();
    const device = await deviceKeys();
    const { token } = await makeAccount();
    const url = 'https://push.example.org/send/verify';
    const id = await subscribe(token, service, url, device, { verify: false });
    expect(service.all.filter((c) => c.url === url)).toHaveLength(1);
    const verification = service.all[0] as Caught;
    expect(verification.headers.get('Content-Encoding')).toBe('aes128gcm');
    expect(verification.headers.get('Authorization')).toMatch(/^vapid t=[\w.-]+, k=/);
    expect(verification.headers.get('TTL')).toMatch(/^\d+$/);
    expect(JSON.parse(await decryptPush(verification.body, device))).toEqual({
      '@type': 'PushVerification',
      pushSubscriptionId: id,
      verificationCode: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it('pushes one encrypted StateChange for mail delivered in a burst, which the device decrypts with its keys', async () => {
    const service = pushService();
    const device = await deviceKeys();
    const { token, accountId } = await makeAccount();
    const url = 'https://push.example.org/send/one';
    await subscribe(token, service, url, device);

    for (const subject of ['Bilan', 'Résultats', 'Compte rendu']) {
      expect((await deliver(accountId, rawMessage({ subject }))).status).toBe('stored');
    }
    await waitFor(() => service.encrypted(url).length > 0);
    await settle();
    const pushes = service.encrypted(url);
    expect(pushes).toHaveLength(1);
    const push = pushes[0] as Caught;
    expect(push.headers.get('TTL')).toMatch(/^\d+$/);
    expect(push.headers.get('Urgency')).toBe('normal');
    expect(push.headers.get('Authorization')).toMatch(
      new RegExp(`^vapid t=[\\w-]+\\.[\\w-]+\\.[\\w-]+, k=${env.VAPID_PUBLIC_KEY}$`),
    );
    const message = JSON.parse(await decryptPush(push.body, device));
    const states = await jmap(token, [['Email/get', { accountId, ids: [] }, 'e']]);
    expect(message).toEqual({
      '@type': 'StateChange',
      changed: {
        [accountId]: expect.objectContaining({ Email: result(states, 'Email/get').state }),
      },
    });
  });

  it('pushes only the types a subscription asks for', async () => {
    const service = pushService();
    const device = await deviceKeys();
    const { token, accountId } = await makeAccount();
    const url = 'https://push.example.org/send/email-only';
    await subscribe(token, service, url, device, { types: ['Email'] });
    await deliver(accountId, rawMessage({ subject: 'Bilan' }));
    await waitFor(() => service.encrypted(url).length > 0);
    const message = JSON.parse(
      await decryptPush((service.encrypted(url)[0] as Caught).body, device),
    );
    expect(Object.keys(message.changed[accountId])).toEqual(['Email']);
  });

  it('forbids pushing any state to a subscription whose PushVerification code was never sent back', async () => {
    const service = pushService();
    const device = await deviceKeys();
    const { token, accountId } = await makeAccount();
    const url = 'https://push.example.org/send/unverified';
    await subscribe(token, service, url, device, { verify: false });
    await deliver(accountId, rawMessage({ subject: 'Bilan' }));
    await settle();
    // The verification only (`subscribe` took it out of `caught`).
    expect(service.all.filter((c) => c.url === url)).toHaveLength(1);
    expect(service.caught).toEqual([]);
  });

  it('deletes a subscription the push service answers 410 Gone to', async () => {
    const url = 'https://push.example.org/send/gone';
    const service = pushService({ [url]: 410 });
    const device = await deviceKeys();
    const { token, accountId } = await makeAccount();
    const id = await subscribe(token, service, url, device);
    await deliver(accountId, rawMessage({ subject: 'Bilan' }));
    await waitFor(() => service.encrypted(url).length > 0);
    await waitFor(() => false, 500);
    const got = await jmap(token, [['PushSubscription/get', { ids: [id] }, 'g']]);
    expect(result(got, 'PushSubscription/get').notFound).toEqual([id]);
  });

  it('pushes the delegated BAL to a delegate, and forbids pushing anything once their device token is revoked', async () => {
    const service = pushService();
    const device = await deviceKeys();
    const holder = await makeAccount();
    const delegate = await makePerson();
    await makeDelegation(holder.accountId, delegate.idNat, holder.person.idNat);
    const token = await bearerToken(delegate.idNat);
    const url = 'https://push.example.org/send/delegate';
    await subscribe(token, service, url, device);
    await deliver(holder.accountId, rawMessage({ subject: 'Bilan' }));
    await waitFor(() => service.encrypted(url).length > 0);
    const message = JSON.parse(
      await decryptPush((service.encrypted(url)[0] as Caught).body, device),
    );
    expect(Object.keys(message.changed)).toEqual([holder.accountId]);

    await env.DB.prepare('UPDATE device_tokens SET revoked_at = ? WHERE id_nat = ?')
      .bind(Date.now(), delegate.idNat)
      .run();
    await settle();
    await deliver(holder.accountId, rawMessage({ subject: 'Résultats' }));
    await settle();
    expect(service.encrypted(url)).toHaveLength(1);
  });

  it('forbids keys that are not a 65-byte P-256 point and a 16-byte auth secret, and never returns them', async () => {
    const service = pushService();
    const device = await deviceKeys();
    const { token } = await makeAccount();
    const bad: Loose[] = [
      { p256dh: device.auth, auth: device.auth },
      { p256dh: device.p256dh, auth: device.p256dh },
      { p256dh: device.p256dh },
      { p256dh: `${device.p256dh}!`, auth: device.auth },
      'clés',
    ];
    const create = Object.fromEntries(
      bad.map((keys, i) => [
        `c${i}`,
        { deviceClientId: 'x', url: 'https://push.example.org/k', keys },
      ]),
    );
    const body = await jmap(token, [['PushSubscription/set', { create }, 's']]);
    const set = result(body, 'PushSubscription/set');
    expect(set.created).toBeNull();
    expect(Object.values(set.notCreated as Record<string, Loose>).map((e) => e.properties)).toEqual(
      bad.map(() => ['keys']),
    );
    expect(service.caught).toEqual([]);

    await subscribe(token, service, 'https://push.example.org/k', device);
    const got = await jmap(token, [['PushSubscription/get', { ids: null }, 'g']]);
    expect(JSON.stringify(got)).not.toContain(device.p256dh);
    expect(JSON.stringify(got)).not.toContain(device.auth);
  });

  it('gives the VAPID public key in the session’s private capability', async () => {
    const { token } = await makeAccount();
    const session = await callAs({ token }, '/.well-known/jmap');
    const body = (await session.json()) as Loose;
    expect(body.capabilities['urn:pli:params:jmap:mssante'].vapidPublicKey).toBe(
      env.VAPID_PUBLIC_KEY,
    );
  });
});
