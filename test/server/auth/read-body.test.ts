import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { decodeUtf8, isJsonContentType } from '../../../server/auth/read-body.ts';
import { makeOperator } from '../support/account-factories.ts';
import { makePerson, sessionCookie } from '../support/factories.ts';

async function operatorSession() {
  const person = await makePerson({ givenName: 'Opé', familyName: 'Rateur' });
  await makeOperator(person.idNat);
  return sessionCookie(person.idNat);
}

/** `{"message":"Panne <bytes>"}` as raw bytes, to send bytes JSON.stringify cannot make. */
function bannerBody(tail: number[]): Uint8Array<ArrayBuffer> {
  const head = new TextEncoder().encode('{"message":"Panne ');
  return new Uint8Array([...head, ...tail, ...new TextEncoder().encode('"}')]);
}

const postBanner = (session: string, body: BodyInit, type: string) =>
  exports.default.fetch('http://pli.test/api/operator/banner', {
    method: 'POST',
    headers: { Cookie: session, 'Content-Type': type },
    body,
  });

async function storedBanners(): Promise<string[]> {
  const { results } = await env.DB.prepare('SELECT message FROM service_banners').all<{
    message: string;
  }>();
  return results.map((r) => r.message);
}

describe('readBody', () => {
  it('forbids a JSON body holding invalid UTF-8: refused, never stored with U+FFFD', async () => {
    const session = await operatorSession();
    const response = await postBanner(session, bannerBody([0xff, 0xfe, 0x41]), 'application/json');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'invalid_encoding',
    );
    expect((await storedBanners()).some((m) => m.includes('\uFFFD'))).toBe(false);
  });

  it('forbids a JSON body sent as text/plain (415 unsupported_media_type)', async () => {
    const session = await operatorSession();
    for (const type of [
      'text/plain',
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
    ]) {
      const response = await postBanner(session, '{"message":"Texte brut"}', type);
      expect(response.status, type).toBe(415);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'unsupported_media_type',
      );
    }
    expect(await storedBanners()).not.toContain('Texte brut');
  });

  it('accepts UTF-8 JSON sent as application/json, with or without a UTF-8 charset', async () => {
    const session = await operatorSession();
    const accented = new TextEncoder().encode('{"message":"Arrêt à 22 h"}');
    expect((await postBanner(session, accented, 'application/json; charset=UTF-8')).status).toBe(
      201,
    );
    expect(await storedBanners()).toContain('Arrêt à 22 h');
  });

  it('names JSON only as application/json, in UTF-8', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('Application/JSON; charset="utf-8"')).toBe(true);
    expect(isJsonContentType('application/json; charset=iso-8859-1')).toBe(false);
    expect(isJsonContentType('text/plain')).toBe(false);
    expect(isJsonContentType('application/problem+json')).toBe(false);
    expect(isJsonContentType(undefined)).toBe(false);
  });

  it('decodes UTF-8 and refuses malformed bytes instead of replacing them', () => {
    expect(decodeUtf8(new TextEncoder().encode('Médecin'))).toBe('Médecin');
    expect(decodeUtf8(new Uint8Array([0x4d, 0xc3]))).toBeNull();
    expect(decodeUtf8(new Uint8Array([0xed, 0xa0, 0x80]))).toBeNull();
  });
});
