import { type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { ALLOWED_ALGORITHMS } from './config.ts';
import { PscError } from './errors.ts';

export interface IdTokenExpectations {
  keys: JWTVerifyGetKey;
  issuer: string;
  clientId: string;
  nonce: string;
  /** The required `acr` (PSC: `eidas1`); unchecked when absent. */
  acr?: string;
  now?: Date;
}

/**
 * Verifies a PSC ID token: signature against the provider's keys with an allowed
 * algorithm (never `none`), issuer, audience (and `azp` when there are several), expiry,
 * and the nonce of this login. Returns its claims; throws PscError otherwise.
 */
export async function verifyIdToken(
  token: string,
  expect: IdTokenExpectations,
): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, expect.keys, {
      issuer: expect.issuer,
      audience: expect.clientId,
      algorithms: ALLOWED_ALGORITHMS,
      requiredClaims: ['sub', 'exp', 'iat'],
      clockTolerance: 30,
      currentDate: expect.now,
    }));
  } catch {
    throw new PscError('id_token');
  }
  if (Array.isArray(payload.aud) && payload.aud.length > 1 && payload.azp !== expect.clientId) {
    throw new PscError('id_token_azp');
  }
  if (typeof payload.nonce !== 'string' || payload.nonce !== expect.nonce) {
    throw new PscError('id_token_nonce');
  }
  // The level asked for with acr_values: a card or e-CPS authentication (eIDAS substantial).
  if (expect.acr !== undefined && payload.acr !== expect.acr) {
    throw new PscError('id_token_acr');
  }
  return payload;
}
