import { decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { base64url, fromBase64 } from '../../../server/bytes.ts';
import {
  ecdhKeyPair,
  encryptPayload,
  MAX_PLAINTEXT,
  sendWebPush,
  vapidAuthorization,
} from '../../../server/push/web-push.ts';
import { decryptPush, deviceKeys } from '../support/web-push.ts';

// RFC 8291 Appendix A (section 5's example), verbatim.
const VECTOR = {
  plaintext: 'V2hlbiBJIGdyb3cgdXAsIEkgd2FudCB0byBiZSBhIHdhdGVybWVsb24',
  asPublic:
    'BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8',
  asPrivate: 'yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw',
  uaPublic:
    'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
  uaPrivate: 'q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94',
  authSecret: 'BTBZMqHH6r4Tts7J_aSIgg',
  salt: 'DGv6ra1nlYgDCS1FRnbzlw',
  body:
    'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml' +
    'mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT' +
    'pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
};

async function vapidPair() {
  const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair;
  const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
  return {
    publicKey: base64url((await crypto.subtle.exportKey('raw', pair.publicKey)) as ArrayBuffer),
    privateKey: jwk.d as string,
    subject: 'mailto:operateur@example.org',
    jwk,
  };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('RFC 8291 encryption', () => {
  it('reproduces the example of RFC 8291 Appendix A byte for byte', async () => {
    const body = await encryptPayload(
      fromBase64(VECTOR.plaintext),
      { p256dh: VECTOR.uaPublic, auth: VECTOR.authSecret },
      {
        salt: fromBase64(VECTOR.salt),
        senderKeys: await ecdhKeyPair(fromBase64(VECTOR.asPublic), fromBase64(VECTOR.asPrivate)),
      },
    );
    expect(base64url(body)).toBe(VECTOR.body);
  });

  it('the receiving browser decrypts the Appendix A body with its private key and auth secret', async () => {
    const ua = await ecdhKeyPair(fromBase64(VECTOR.uaPublic), fromBase64(VECTOR.uaPrivate));
    const text = await decryptPush(fromBase64(VECTOR.body), {
      p256dh: VECTOR.uaPublic,
      auth: VECTOR.authSecret,
      privateKey: ua.privateKey,
    });
    expect(text).toBe('When I grow up, I want to be a watermelon');
  });

  it('uses a fresh salt and sender key for every message, each one readable by the device', async () => {
    const device = await deviceKeys();
    const plaintext = new TextEncoder().encode('{"@type":"StateChange"}');
    const one = await encryptPayload(plaintext, device);
    const two = await encryptPayload(plaintext, device);
    expect(base64url(one.subarray(0, 86))).not.toBe(base64url(two.subarray(0, 86)));
    expect(await decryptPush(one, device)).toBe('{"@type":"StateChange"}');
    expect(await decryptPush(two, device)).toBe('{"@type":"StateChange"}');
  });

  it('forbids a payload longer than one 4096-byte record and keys of the wrong length', async () => {
    const device = await deviceKeys();
    await expect(encryptPayload(new Uint8Array(MAX_PLAINTEXT + 1), device)).rejects.toThrow();
    await expect(encryptPayload(new Uint8Array(MAX_PLAINTEXT), device)).resolves.toHaveLength(4096);
    await expect(
      encryptPayload(new Uint8Array(1), { p256dh: device.p256dh, auth: 'AAAA' }),
    ).rejects.toThrow();
    await expect(
      encryptPayload(new Uint8Array(1), { p256dh: device.auth, auth: device.auth }),
    ).rejects.toThrow();
  });
});

describe('VAPID', () => {
  it('signs an ES256 JWT for the push service origin, valid at most 24 hours, with the public key in k', async () => {
    const vapid = await vapidPair();
    const now = Date.now();
    const header = await vapidAuthorization('https://push.example.org/send/abc?x=1', vapid, now);
    const [, jwt, k] = /^vapid t=([^,]+), k=(.+)$/.exec(header) ?? [];
    expect(k).toBe(vapid.publicKey);
    expect(decodeProtectedHeader(jwt as string).alg).toBe('ES256');
    const { kty, crv, x, y } = vapid.jwk;
    const publicJwk = { kty, crv, x, y } as Parameters<typeof importJWK>[0];
    const { payload } = await jwtVerify(jwt as string, await importJWK(publicJwk, 'ES256'), {
      audience: 'https://push.example.org',
    });
    expect(payload.sub).toBe('mailto:operateur@example.org');
    expect((payload.exp as number) * 1000 - now).toBeLessThanOrEqual(24 * 3600_000);
  });
});

describe('sendWebPush', () => {
  it('POSTs the encrypted body with TTL, Urgency, aes128gcm and the VAPID authorization', async () => {
    const vapid = await vapidPair();
    const device = await deviceKeys();
    const seen: { url: string; headers: Headers; body: Uint8Array<ArrayBuffer> }[] = [];
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      seen.push({
        url: String(input),
        headers: new Headers(init?.headers),
        body: new Uint8Array(init?.body as Uint8Array),
      });
      return new Response(null, { status: 201 });
    });
    const outcome = await sendWebPush(
      { url: 'https://push.example.org/send/abc', keys: device },
      '{"@type":"StateChange","changed":{}}',
      vapid,
      { ttlSeconds: 600, urgency: 'normal' },
    );
    expect(outcome).toBe('sent');
    expect(seen).toHaveLength(1);
    const { headers, body } = seen[0] as (typeof seen)[0];
    expect(headers.get('TTL')).toBe('600');
    expect(headers.get('Urgency')).toBe('normal');
    expect(headers.get('Content-Encoding')).toBe('aes128gcm');
    expect(headers.get('Authorization')).toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
    expect(await decryptPush(body, device)).toBe('{"@type":"StateChange","changed":{}}');
  });

  it('reports a subscription the push service answers 404 or 410 to as gone, and a 500 as failed', async () => {
    const vapid = await vapidPair();
    const device = await deviceKeys();
    const target = { url: 'https://push.example.org/send/abc', keys: device };
    const options = { ttlSeconds: 60, urgency: 'normal' as const };
    for (const [status, outcome] of [
      [410, 'gone'],
      [404, 'gone'],
      [500, 'failed'],
    ] as const) {
      vi.spyOn(globalThis, 'fetch').mockResolvedValueOnce(new Response(null, { status }));
      expect(await sendWebPush(target, '{}', vapid, options)).toBe(outcome);
    }
  });
});
