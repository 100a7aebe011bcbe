import { config } from '../config.ts';
import type { Bindings } from '../env.ts';

/** How Pli talks to Pro Santé Connect, all from configuration. */
export interface PscConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** `${PUBLIC_URL}/auth/psc/callback`, registered with the provider. */
  redirectUri: string;
  /** `${PUBLIC_URL}/`, where the provider's logout sends the browser back. */
  postLogoutRedirectUri: string;
}

/** The PSC settings of this deployment; null when the client secret is not configured. */
export function pscConfig(env: Bindings): PscConfig | null {
  if (!env.PSC_ISSUER || !env.PSC_CLIENT_ID || !env.PSC_CLIENT_SECRET) return null;
  const { publicUrl } = config(env);
  return {
    issuer: env.PSC_ISSUER.replace(/\/$/, ''),
    clientId: env.PSC_CLIENT_ID,
    clientSecret: env.PSC_CLIENT_SECRET,
    redirectUri: `${publicUrl}/auth/psc/callback`,
    postLogoutRedirectUri: `${publicUrl}/`,
  };
}

/** The signature algorithms Pli accepts from the provider (never `none`, never HMAC). */
export const ALLOWED_ALGORITHMS = ['RS256', 'PS256', 'ES256'];
