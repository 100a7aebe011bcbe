import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { exercicesOf } from '../../../server/psc/claims.ts';
import { PscError } from '../../../server/psc/errors.ts';
import { idNatOf, readUserinfo } from '../../../server/psc/userinfo.ts';

const ISSUER = 'https://psc.test/auth/realms/esante-wallet';
const CLIENT = 'pli-test';
const SUB = 'f:550dc1c8:810100020014';

const USERINFO = {
  sub: SUB,
  SubjectNameID: '810100020014',
  given_name: 'Camille',
  family_name: 'DUBOIS',
  SubjectRefPro: {
    codeCivilite: 'DR',
    exercices: [
      {
        codeProfession: '10',
        codeCategorieProfessionnelle: 'C',
        codeCiviliteDexercice: 'DR',
        nomDexercice: 'DUBOIS',
        prenomDexercice: 'Camille',
        codeTypeSavoirFaire: 'S',
        codeSavoirFaire: 'SM26',
        activities: [
          { codeModeExercice: 'L', codePostal: '69002', ligneAcheminement: '69002 LYON' },
        ],
      },
    ],
  },
};

let keys: ReturnType<typeof createLocalJWKSet>;
let signing: CryptoKey;
let otherSigning: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  signing = pair.privateKey;
  otherSigning = (await generateKeyPair('RS256')).privateKey;
  keys = createLocalJWKSet({
    keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' }],
  });
});

const expectations = () => ({ keys, issuer: ISSUER, clientId: CLIENT });

function jwtResponse(claims: object, key = signing) {
  return new SignJWT(claims as JWTPayload)
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setIssuer(ISSUER)
    .setAudience(CLIENT)
    .setIssuedAt()
    .sign(key)
    .then((jwt) => new Response(jwt, { headers: { 'Content-Type': 'application/jwt' } }));
}

async function reason(promise: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(PscError);
    return (error as PscError).reason;
  }
  throw new Error('accepted');
}

describe('readUserinfo', () => {
  it('accepts userinfo as JSON', async () => {
    const response = Response.json(USERINFO);
    const userinfo = await readUserinfo(response, expectations());
    expect(userinfo.SubjectNameID).toBe('810100020014');
    expect(exercicesOf(userinfo)[0]?.codeProfession).toBe('10');
  });

  it('accepts userinfo as a signed JWT', async () => {
    const userinfo = await readUserinfo(await jwtResponse(USERINFO), expectations());
    expect(userinfo.SubjectNameID).toBe('810100020014');
    expect(exercicesOf(userinfo)[0]?.activities[0]?.codePostal).toBe('69002');
  });

  it('refuses a userinfo JWT signed by another key', async () => {
    expect(
      await reason(readUserinfo(await jwtResponse(USERINFO, otherSigning), expectations())),
    ).toBe('userinfo_jwt');
  });

  it('refuses a userinfo JWT issued for another client', async () => {
    const jwt = await new SignJWT(USERINFO)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience('someone-else')
      .sign(signing);
    const response = new Response(jwt, { headers: { 'Content-Type': 'application/jwt' } });
    expect(await reason(readUserinfo(response, expectations()))).toBe('userinfo_aud');
  });

  it('refuses an error answer and a body that is neither JSON nor JWT', async () => {
    expect(await reason(readUserinfo(new Response('no', { status: 401 }), expectations()))).toBe(
      'userinfo_status',
    );
    const html = new Response('<html>', { headers: { 'Content-Type': 'text/html' } });
    expect(await reason(readUserinfo(html, expectations()))).toBe('userinfo_format');
  });
});

describe('idNatOf', () => {
  it('keys the person on SubjectNameID, never on sub', () => {
    expect(idNatOf({ sub: SUB, preferred_username: '810100020014' }, USERINFO)).toBe(
      '810100020014',
    );
  });

  it('refuses a userinfo whose SubjectNameID differs from the ID token’s subject mapping', async () => {
    const idToken = { sub: SUB, preferred_username: '810100020022' };
    expect(await reason(() => idNatOf(idToken, USERINFO))).toBe('userinfo_mismatch');
    const withSubjectNameId = { sub: SUB, SubjectNameID: '810100020022' };
    expect(await reason(() => idNatOf(withSubjectNameId, USERINFO))).toBe('userinfo_mismatch');
  });

  it('refuses a userinfo about another subject', async () => {
    expect(await reason(() => idNatOf({ sub: 'another-sub' }, USERINFO))).toBe('userinfo_sub');
  });

  it('refuses a userinfo without SubjectNameID', async () => {
    const { SubjectNameID: _omitted, ...rest } = USERINFO;
    expect(await reason(() => idNatOf({ sub: SUB }, rest))).toBe('userinfo_subject_name_id');
  });
});
