import type { JWTPayload } from 'jose';
import { hashSecret, newSecret } from '../auth/secrets.ts';
import { base64Utf8, base64url } from '../bytes.ts';
import { type PscIdentity, pscIdentity } from './claims.ts';
import type { PscConfig } from './config.ts';
import { discover, type PscMetadata, providerKeys } from './discovery.ts';
import { PscError } from './errors.ts';
import { verifyIdToken } from './id-token.ts';
import { idNatOf, readUserinfo } from './userinfo.ts';

/** The authentication level Pli asks for and requires: CPS card or e-CPS. */
export const PSC_ACR = 'eidas1';

/** A PSC round trip's secrets live at most 10 minutes. */
export const LOGIN_STATE_TTL_MS = 10 * 60_000;

/**
 * Starts a login: stores state, nonce and PKCE verifier under a random id (the browser's
 * cookie) and returns the provider's authorization URL.
 */
export async function startLogin(
  db: D1Database,
  config: PscConfig,
  options: { loginHint?: string; previousSessionHash?: string | null } = {},
  now = Date.now(),
): Promise<{ cookie: string; url: string }> {
  const metadata = await discover(config.issuer);
  const cookie = newSecret();
  const state = newSecret();
  const nonce = newSecret();
  const verifier = newSecret();
  const challenge = base64url(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)),
  );
  await db
    .prepare(
      'INSERT INTO psc_login_states (id_hash, state, nonce, code_verifier, created_at, previous_session_hash) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .bind(
      await hashSecret(cookie),
      state,
      nonce,
      verifier,
      now,
      options.previousSessionHash ?? null,
    )
    .run();
  const url = new URL(metadata.authorization_endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid scope_all',
    acr_values: PSC_ACR,
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  };
  if (options.loginHint) params.login_hint = options.loginHint;
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return { cookie, url: url.href };
}

/**
 * Consumes the round trip of a callback: the row of the browser's cookie, if its state is
 * the returned one and it is fresh. Deleted either way: a state is never accepted twice.
 */
export async function consumeLoginState(
  db: D1Database,
  cookie: string | undefined,
  state: string | undefined,
  now = Date.now(),
): Promise<{ nonce: string; verifier: string; previousSessionHash: string | null } | null> {
  if (!cookie || !state) return null;
  const row = await db
    .prepare('DELETE FROM psc_login_states WHERE id_hash = ? RETURNING *')
    .bind(await hashSecret(cookie))
    .first<{
      state: string;
      nonce: string;
      code_verifier: string;
      created_at: number;
      previous_session_hash: string | null;
    }>();
  if (!row || row.state !== state || now - row.created_at > LOGIN_STATE_TTL_MS) return null;
  return {
    nonce: row.nonce,
    verifier: row.code_verifier,
    previousSessionHash: row.previous_session_hash,
  };
}

async function exchangeCode(
  metadata: PscMetadata,
  config: PscConfig,
  code: string,
  verifier: string,
): Promise<{ idToken: string; accessToken: string }> {
  const basic = base64Utf8(
    `${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`,
  );
  const response = await fetch(metadata.token_endpoint, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${basic}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: config.redirectUri,
      code_verifier: verifier,
    }),
  });
  const body = (await response.json().catch(() => null)) as Record<string, unknown> | null;
  if (!response.ok || typeof body?.id_token !== 'string' || typeof body.access_token !== 'string') {
    throw new PscError('token_exchange');
  }
  return { idToken: body.id_token, accessToken: body.access_token };
}

/** What a successful callback establishes. */
export interface PscLogin {
  identity: PscIdentity;
  idToken: string;
  claims: JWTPayload;
}

/**
 * Finishes a login: exchanges the code (client_secret_basic, PKCE verifier), verifies the
 * ID token, reads userinfo (JSON or JWT) and checks it speaks of the same person.
 */
export async function finishLogin(
  config: PscConfig,
  code: string,
  round: { nonce: string; verifier: string },
): Promise<PscLogin> {
  const metadata = await discover(config.issuer);
  const keys = providerKeys(metadata);
  const { idToken, accessToken } = await exchangeCode(metadata, config, code, round.verifier);
  const claims = await verifyIdToken(idToken, {
    keys,
    issuer: metadata.issuer,
    clientId: config.clientId,
    nonce: round.nonce,
    acr: PSC_ACR,
  });
  if (!metadata.userinfo_endpoint) throw new PscError('userinfo_endpoint');
  const response = await fetch(metadata.userinfo_endpoint, {
    headers: {
      Authorization: `Bearer ${accessToken}`,
      Accept: 'application/jwt, application/json',
    },
  });
  const userinfo = await readUserinfo(response, {
    keys,
    issuer: metadata.issuer,
    clientId: config.clientId,
  });
  const idNat = idNatOf(claims, userinfo);
  return { identity: pscIdentity(idNat, userinfo), idToken, claims };
}

/** The provider's logout URL for a session opened with an ID token, or null. */
export async function providerLogoutUrl(
  config: PscConfig,
  idToken: string | null,
): Promise<string | null> {
  if (!idToken) return null;
  const metadata = await discover(config.issuer).catch(() => null);
  if (!metadata?.end_session_endpoint) return null;
  const url = new URL(metadata.end_session_endpoint);
  url.searchParams.set('id_token_hint', idToken);
  url.searchParams.set('post_logout_redirect_uri', config.postLogoutRedirectUri);
  url.searchParams.set('state', newSecret());
  return url.href;
}
