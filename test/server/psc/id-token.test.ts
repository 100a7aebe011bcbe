import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { PscError } from '../../../server/psc/errors.ts';
import { verifyIdToken } from '../../../server/psc/id-token.ts';

const ISSUER = 'https://psc.test/auth/realms/esante-wallet';
const CLIENT = 'pli-test';
const NONCE = 'nonce-123';

let keys: ReturnType<typeof createLocalJWKSet>;
let signing: CryptoKey;
let otherSigning: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  const other = await generateKeyPair('RS256', { extractable: true });
  signing = pair.privateKey;
  otherSigning = other.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  keys = createLocalJWKSet({ keys: [jwk] });
});

function token(claims: JWTPayload = {}, key: CryptoKey = signing, exp = '5m') {
  return new SignJWT({ nonce: NONCE, preferred_username: '810100020014', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(ISSUER)
    .setAudience(CLIENT)
    .setSubject('f:550dc1c8-d97b-4b1e-ac8c-8eb4471cf9dd:810100020014')
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(key);
}

const expectations = () => ({ keys, issuer: ISSUER, clientId: CLIENT, nonce: NONCE });

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(PscError);
    return (error as PscError).reason;
  }
  throw new Error('accepted');
}

describe('verifyIdToken', () => {
  it('accepts a well-signed token for this client, issuer and nonce', async () => {
    const claims = await verifyIdToken(await token(), expectations());
    expect(claims.preferred_username).toBe('810100020014');
  });

  it('refuses a token signed by another key', async () => {
    expect(await refusal(verifyIdToken(await token({}, otherSigning), expectations()))).toBe(
      'id_token',
    );
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const b64 = (value: object) =>
      btoa(JSON.stringify(value)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({
      iss: ISSUER,
      aud: CLIENT,
      sub: 'x',
      nonce: NONCE,
      iat: now,
      exp: now + 300,
    })}.`;
    expect(await refusal(verifyIdToken(unsigned, expectations()))).toBe('id_token');
  });

  it('refuses a token for another audience', async () => {
    const other = await new SignJWT({ nonce: NONCE })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience('another-client')
      .setSubject('s')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(signing);
    expect(await refusal(verifyIdToken(other, expectations()))).toBe('id_token');
  });

  it('refuses a token from another issuer', async () => {
    const other = await new SignJWT({ nonce: NONCE })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer('https://evil.test/realm')
      .setAudience(CLIENT)
      .setSubject('s')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(signing);
    expect(await refusal(verifyIdToken(other, expectations()))).toBe('id_token');
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ nonce: NONCE })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(CLIENT)
      .setSubject('s')
      .setIssuedAt(now - 3600)
      .setExpirationTime(now - 600)
      .sign(signing);
    expect(await refusal(verifyIdToken(expired, expectations()))).toBe('id_token');
  });

  it('refuses a token with another nonce, or none', async () => {
    expect(await refusal(verifyIdToken(await token({ nonce: 'other' }), expectations()))).toBe(
      'id_token_nonce',
    );
    expect(await refusal(verifyIdToken(await token({ nonce: undefined }), expectations()))).toBe(
      'id_token_nonce',
    );
  });

  it('refuses a token below the required authentication level (acr)', async () => {
    const weak = await token({ acr: 'password' });
    expect(await refusal(verifyIdToken(weak, { ...expectations(), acr: 'eidas1' }))).toBe(
      'id_token_acr',
    );
    const strong = await token({ acr: 'eidas1' });
    expect((await verifyIdToken(strong, { ...expectations(), acr: 'eidas1' })).acr).toBe('eidas1');
  });

  it('refuses a token for several audiences whose azp is not this client', async () => {
    const multi = await new SignJWT({ nonce: NONCE, azp: 'someone-else' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience([CLIENT, 'someone-else'])
      .setSubject('s')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(signing);
    expect(await refusal(verifyIdToken(multi, expectations()))).toBe('id_token_azp');
  });
});
