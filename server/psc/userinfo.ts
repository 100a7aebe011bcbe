import { type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import { ALLOWED_ALGORITHMS } from './config.ts';
import { PscError } from './errors.ts';

/**
 * Reads the userinfo answer, JSON or signed JWT (`application/jwt`): a JWT is checked
 * against the provider's keys and allowed algorithms, and its `iss`/`aud`, when present,
 * must name the provider and this client.
 */
export async function readUserinfo(
  response: Response,
  expect: { keys: JWTVerifyGetKey; issuer: string; clientId: string; now?: Date },
): Promise<Record<string, unknown>> {
  if (!response.ok) throw new PscError('userinfo_status');
  const type = (response.headers.get('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/jwt') {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(
        new TextDecoder().decode(await response.arrayBuffer()).trim(),
        expect.keys,
        {
          algorithms: ALLOWED_ALGORITHMS,
          clockTolerance: 30,
          currentDate: expect.now,
        },
      ));
    } catch {
      throw new PscError('userinfo_jwt');
    }
    if (payload.iss !== undefined && payload.iss !== expect.issuer) {
      throw new PscError('userinfo_iss');
    }
    const aud = payload.aud === undefined ? [] : [payload.aud].flat();
    if (payload.aud !== undefined && !aud.includes(expect.clientId)) {
      throw new PscError('userinfo_aud');
    }
    return payload as Record<string, unknown>;
  }
  if (type === 'application/json') {
    const body: unknown = await response.json().catch(() => null);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      return body as Record<string, unknown>;
    }
  }
  throw new PscError('userinfo_format');
}

/**
 * The idNat of the login: the userinfo's `SubjectNameID`, after checking that userinfo
 * speaks of the ID token's subject (`sub` equal, OIDC Core 5.3.2) and that the idNat the
 * ID token maps to (`SubjectNameID`, else `preferred_username`, when present) is the same.
 * Never keyed on `sub`.
 */
export function idNatOf(idToken: JWTPayload, userinfo: Record<string, unknown>): string {
  if (userinfo.sub !== idToken.sub) throw new PscError('userinfo_sub');
  const idNat = userinfo.SubjectNameID;
  if (typeof idNat !== 'string' || !/^[0-9A-Za-z]{4,20}$/.test(idNat)) {
    throw new PscError('userinfo_subject_name_id');
  }
  const mapped = idToken.SubjectNameID ?? idToken.preferred_username;
  if (mapped !== undefined && mapped !== idNat) throw new PscError('userinfo_mismatch');
  return idNat;
}
