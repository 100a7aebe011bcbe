import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { interactionPolicy } from 'oidc-provider';
import { cardBySub, PSC_CLAIM_NAMES, pscClaims, subOf } from './cards.ts';
import { errorPage, loggedOutPage, logoutPage } from './pages.ts';

/** Where the stand-in lives and whom it serves. */
export interface StandInOptions {
  issuer: string;
  pliUrl: string;
  clientId: string;
  clientSecret: string;
  /** Userinfo as a signed JWT (`application/jwt`, as PSC may answer) rather than JSON. */
  userinfoJwt: boolean;
}

interface KoaLikeContext {
  body: unknown;
  type: string;
}

/** Pro Santé Connect's endpoint paths under the issuer (Keycloak's layout). */
const ROUTES = {
  authorization: '/protocol/openid-connect/auth',
  token: '/protocol/openid-connect/token',
  userinfo: '/protocol/openid-connect/userinfo',
  jwks: '/protocol/openid-connect/certs',
  end_session: '/protocol/openid-connect/logout',
  revocation: '/protocol/openid-connect/revoke',
  introspection: '/protocol/openid-connect/token/introspect',
};

/**
 * The default prompts, plus one check: a `login_hint` naming another card than the one of
 * the provider's session asks for a new login (a card swap in the same browser), instead
 * of silently answering for the previous card.
 */
function policy() {
  const prompts = interactionPolicy.base();
  prompts.get('login')?.checks.push(
    new interactionPolicy.Check('login_hint_other_card', 'Another card is requested', (ctx) => {
      const hint = ctx.oidc.params.login_hint;
      const current = ctx.oidc.session.accountId;
      return typeof hint === 'string' && current !== undefined && subOf(hint) !== current
        ? interactionPolicy.Check.REQUEST_PROMPT
        : interactionPolicy.Check.NO_NEED_TO_PROMPT;
    }),
  );
  return prompts;
}

/** An oidc-provider configured like PSC: PSC claims, eidas1, PKCE S256, client_secret_basic. */
export function createProvider(options: StandInOptions): Provider {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = {
    ...privateKey.export({ format: 'jwk' }),
    kid: 'stand-in-1',
    alg: 'RS256',
    use: 'sig',
  };
  const provider = new Provider(options.issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [`${options.pliUrl}/auth/psc/callback`],
        post_logout_redirect_uris: [`${options.pliUrl}/`],
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        id_token_signed_response_alg: 'RS256',
        ...(options.userinfoJwt ? { userinfo_signed_response_alg: 'RS256' } : {}),
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    routes: ROUTES,
    interactions: { policy: policy() },
    scopes: ['openid', 'scope_all'],
    claims: { openid: ['sub'], scope_all: PSC_CLAIM_NAMES },
    // PSC's ID token names the person too (preferred_username, SubjectNameID).
    conformIdTokenClaims: false,
    acrValues: ['eidas1'],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      userinfo: { enabled: true },
      jwtUserinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: async (ctx: KoaLikeContext, form: string) => {
          ctx.type = 'html';
          ctx.body = logoutPage(form);
        },
        postLogoutSuccessSource: async (ctx: KoaLikeContext) => {
          ctx.type = 'html';
          ctx.body = loggedOutPage();
        },
      },
    },
    ttl: {
      AccessToken: 300,
      AuthorizationCode: 60,
      IdToken: 300,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    async findAccount(_ctx: unknown, sub: string) {
      const card = cardBySub(sub);
      if (!card) return undefined;
      return { accountId: sub, claims: async () => pscClaims(card) };
    },
    async renderError(ctx: KoaLikeContext, out: { error?: string; error_description?: string }) {
      ctx.type = 'html';
      ctx.body = errorPage(out.error ?? 'error', out.error_description ?? '');
    },
  });
  provider.proxy = false;
  return provider;
}
