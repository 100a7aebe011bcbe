import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import { PscError } from './errors.ts';

/** The provider metadata Pli uses. */
export interface PscMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  userinfo_endpoint?: string;
  end_session_endpoint?: string;
}

const TTL_MS = 60 * 60_000;
const metadataCache = new Map<string, { at: number; metadata: PscMetadata }>();
const jwksCache = new Map<string, JWTVerifyGetKey>();

async function fetchMetadata(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) return null;
  return response.json().catch(() => null);
}

function isMetadata(value: unknown, issuer: string): value is PscMetadata {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as Record<string, unknown>;
  return (
    m.issuer === issuer &&
    typeof m.authorization_endpoint === 'string' &&
    typeof m.token_endpoint === 'string' &&
    typeof m.jwks_uri === 'string'
  );
}

/**
 * The provider's metadata: PSC publishes it at `{issuer}/.well-known/wallet-openid-configuration`;
 * the standard path is the fallback. Cached an hour per issuer; the `issuer` it states
 * must be the configured one.
 */
export async function discover(issuer: string, now = Date.now()): Promise<PscMetadata> {
  const cached = metadataCache.get(issuer);
  if (cached && now - cached.at < TTL_MS) return cached.metadata;
  for (const path of ['wallet-openid-configuration', 'openid-configuration']) {
    const metadata = await fetchMetadata(`${issuer}/.well-known/${path}`).catch(() => null);
    if (isMetadata(metadata, issuer)) {
      metadataCache.set(issuer, { at: now, metadata });
      return metadata;
    }
  }
  throw new PscError('discovery');
}

/** The provider's signing keys (jose fetches and caches them, refetching on an unknown kid). */
export function providerKeys(metadata: PscMetadata): JWTVerifyGetKey {
  let keys = jwksCache.get(metadata.jwks_uri);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(metadata.jwks_uri));
    jwksCache.set(metadata.jwks_uri, keys);
  }
  return keys;
}
