import { type Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { clearPscStateCookie, PSC_STATE_COOKIE, setPscStateCookie } from '../auth/cookies.ts';
import { openSession } from '../auth/login.ts';
import { upsertPscPerson } from '../auth/persons.ts';
import { assertNotLocked, clientIp, countEvent, PSC_LIMIT } from '../auth/rate-limit.ts';
import { hashSecret } from '../auth/secrets.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { pscConfig } from '../psc/config.ts';
import { PscError } from '../psc/errors.ts';
import { consumeLoginState, finishLogin, startLogin } from '../psc/flow.ts';
import { recordTrace } from '../storage/traces.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * A small French page. The callback ends with one (not a redirect): the SameSite=Strict
 * session cookie it sets is then sent by the next navigation, which starts on Pli's own
 * site (a redirect would continue the provider's cross-site navigation without it).
 */
function page(
  c: Context<AppEnv>,
  status: 200 | 400 | 401 | 429 | 502,
  title: string,
  next: string,
) {
  const refresh =
    status === 200 ? `<meta http-equiv="refresh" content="0;url=${escapeHtml(next)}">` : '';
  return c.html(
    `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${escapeHtml(title)} – Pli</title>${refresh}</head><body><main><h1>${escapeHtml(title)}</h1><p><a href="${escapeHtml(next)}">Continuer vers Pli</a></p><p>En cas d'urgence, composez le 15.</p></main></body></html>`,
    status,
  );
}

/** Login through Pro Santé Connect (OIDC, PKCE S256, state, nonce, eidas1). */
export const pscRoutes = new Hono<AppEnv>()
  .get('/login', async (c) => {
    const config = pscConfig(c.env);
    if (!config) throw new ApiError('unavailable', 'Pro Santé Connect is not configured.');
    const hint = c.req.query('login_hint');
    const loginHint = hint && /^[0-9A-Za-z]{4,20}$/.test(hint) ? hint : undefined;
    // The Strict session cookie comes with this same-site navigation (not with the
    // cross-site callback): remember its session, to end it when the new login succeeds.
    const current = getCookie(c, SESSION_COOKIE);
    const previousSessionHash = current ? await hashSecret(current) : null;
    let started: { cookie: string; url: string };
    try {
      started = await startLogin(c.env.DB, config, { loginHint, previousSessionHash });
    } catch (error) {
      if (error instanceof PscError) {
        return page(c, 502, 'Pro Santé Connect est momentanément indisponible', '/');
      }
      throw error;
    }
    setPscStateCookie(c, started.cookie);
    return c.redirect(started.url, 302);
  })
  .get('/callback', async (c) => {
    const ip = clientIp(c.req);
    try {
      await assertNotLocked(c.env.DB, `psc:${ip}`);
    } catch {
      return page(c, 429, 'Trop de tentatives de connexion, réessayez dans quelques minutes', '/');
    }
    const config = pscConfig(c.env);
    const round = await consumeLoginState(
      c.env.DB,
      getCookie(c, PSC_STATE_COOKIE),
      c.req.query('state'),
    );
    clearPscStateCookie(c);
    const code = c.req.query('code');
    if (!config || !round || !code || c.req.query('error')) {
      await countEvent(c.env.DB, `psc:${ip}`, PSC_LIMIT);
      await recordTrace(c.env.DB, {
        kind: 'login_failed',
        detail: round ? 'psc_error' : 'psc_state',
      });
      return page(c, 400, 'La connexion avec Pro Santé Connect n’a pas abouti', '/');
    }
    try {
      const login = await finishLogin(config, code, round);
      await upsertPscPerson(c.env.DB, login.identity);
      await openSession(c, {
        idNat: login.identity.idNat,
        method: 'psc',
        idToken: login.idToken,
        previousSessionHash: round.previousSessionHash,
      });
    } catch (error) {
      if (!(error instanceof PscError)) throw error;
      await countEvent(c.env.DB, `psc:${ip}`, PSC_LIMIT);
      await recordTrace(c.env.DB, { kind: 'login_failed', detail: error.reason });
      return page(c, 401, 'La réponse de Pro Santé Connect a été refusée', '/');
    }
    return page(c, 200, 'Connexion réussie', '/');
  });
