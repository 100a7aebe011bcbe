import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { AppEnv } from './env.ts';
import { errorResponse, handleError } from './errors.ts';
import { csrf } from './middleware/csrf.ts';
import { loopbackOnly } from './middleware/loopback-only.ts';
import { noStore } from './middleware/no-store.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { accountRoutes } from './routes/account.ts';
import { authRoutes } from './routes/auth.ts';
import { credentialRoutes } from './routes/auth-credentials.ts';
import { pscRoutes } from './routes/auth-psc.ts';
import { autoconfigRoutes } from './routes/autoconfig.ts';
import { bannerRoutes, cguRoutes } from './routes/cgu.ts';
import { delegationRoutes } from './routes/delegations.ts';
import { devRoutes } from './routes/dev.ts';
import { devAccountRoutes } from './routes/dev-accounts.ts';
import { devDirectoryRoutes } from './routes/dev-directory.ts';
import { deviceFlowRoutes, pairingRoutes } from './routes/device-flow.ts';
import { deviceRoutes } from './routes/devices.ts';
import { directoryRoutes } from './routes/directory.ts';
import { gatewayRoutes } from './routes/gateway.ts';
import { healthRoutes } from './routes/health.ts';
import { inboundRoutes } from './routes/inbound.ts';
import { jmapRoutes, jmapSessionRoutes } from './routes/jmap.ts';
import { MAIL_FRAME_PATH, mailFrameRoutes } from './routes/mail-frame.ts';
import { meRoutes } from './routes/me.ts';
import { onboardingRoutes } from './routes/onboarding.ts';
import { operatorRoutes } from './routes/operator.ts';
import { publicRoutes } from './routes/public.ts';
import { settingsRoutes } from './routes/settings.ts';
import { traceRoutes } from './routes/traces.ts';

export interface AppOptions {
  /** Mount the `/dev` routes. Only ever true when ENVIRONMENT=development. */
  development: boolean;
}

/** Path prefixes the Worker answers itself; everything else is the PWA's static assets. */
export const API_PREFIXES = ['/api', '/auth', '/dev', '/jmap', '/.well-known', '/inbound'];

/**
 * Builds the Hono app; production (`index.ts`) and tests use the same one. Policies are
 * placed by position, not by path lists: routes authenticated otherwise than by cookie
 * (`/inbound`, `/dev`, the device side of the pairing `/auth/device`) are mounted before
 * the CSRF check, every other route after it; the CGU gate is part of `requireAuth`
 * (routes open before acceptance say `BEFORE_CGU`).
 */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  const appHeaders = securityHeaders();
  // The mail frame sets its own, stricter CSP (see routes/mail-frame.ts).
  app.use((c, next) => (c.req.path === MAIL_FRAME_PATH ? next() : appHeaders(c, next)));
  for (const prefix of ['/api', '/auth', '/dev']) app.use(`${prefix}/*`, noStore);

  // Authenticated by an HMAC signature (the relay) or by being on loopback (dev tooling).
  app.route('/inbound', inboundRoutes);
  // Called by the browser extension (its own origin), authenticated by the device code.
  app.route('/auth/device', deviceFlowRoutes);
  if (options.development) {
    // Second guard: even a development build answers /dev only on a loopback host, so a
    // deploy that forgot `--env production` never shows demo passwords or codes.
    app.use('/dev/*', loopbackOnly);
    app.route('/dev/accounts', devAccountRoutes);
    app.route('/dev/directory', devDirectoryRoutes);
    app.route('/dev', devRoutes);
  }

  // Everything below is CSRF-checked.
  app.use(csrf);
  app.route('/api/health', healthRoutes);
  app.route('/auth/psc', pscRoutes);
  app.route('/auth', authRoutes);
  app.route('/api/me', meRoutes);
  app.route('/api/devices', deviceRoutes);
  app.route('/api/pairing', pairingRoutes);
  app.route('/api/gateway', gatewayRoutes);
  app.route('/api/credentials', credentialRoutes);
  app.route('/api/onboarding', onboardingRoutes);
  app.route('/api/directory', directoryRoutes);
  app.route('/api/delegations', delegationRoutes);
  app.route('/api/traces', traceRoutes);
  app.route('/api/settings', settingsRoutes);
  app.route('/api/account', accountRoutes);
  app.route('/api/cgu', cguRoutes);
  app.route('/api/banner', bannerRoutes);
  app.route('/api/public', publicRoutes);
  app.route('/api/operator', operatorRoutes);
  app.route(MAIL_FRAME_PATH, mailFrameRoutes);
  app.route('/.well-known/jmap', jmapSessionRoutes);
  app.route('/', autoconfigRoutes);
  app.route('/jmap', jmapRoutes);

  app.notFound(async (c) => {
    // What no route answers under an API prefix is a JSON 404, never the PWA.
    const path = new URL(c.req.url).pathname;
    if (API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))) {
      return errorResponse(c, 'not_found', 'No such resource.');
    }
    // The PWA: static assets, with the SPA fallback configured in wrangler.toml.
    // A fresh Response so the middleware can add its headers (fetched ones are immutable).
    const asset = await c.env.ASSETS.fetch(c.req.raw);
    return new Response(asset.body, asset);
  });
  app.onError(handleError);
  return app;
}
