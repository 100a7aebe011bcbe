import { Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { AppEnv } from './env.ts';
import { errorResponse, handleError } from './errors.ts';
import { csrf } from './middleware/csrf.ts';
import { noStore } from './middleware/no-store.ts';
import { securityHeaders } from './middleware/security-headers.ts';
import { accountRoutes } from './routes/account.ts';
import { authRoutes } from './routes/auth.ts';
import { credentialRoutes } from './routes/auth-credentials.ts';
import { pscRoutes } from './routes/auth-psc.ts';
import { delegationRoutes } from './routes/delegations.ts';
import { devRoutes } from './routes/dev.ts';
import { devDirectoryRoutes } from './routes/dev-directory.ts';
import { devAccountRoutes } from './routes/dev-accounts.ts';
import { deviceRoutes } from './routes/devices.ts';
import { directoryRoutes } from './routes/directory.ts';
import { healthRoutes } from './routes/health.ts';
import { meRoutes } from './routes/me.ts';
import { onboardingRoutes } from './routes/onboarding.ts';
import { inboundRoutes } from './routes/inbound.ts';
import { jmapRoutes, jmapSessionRoutes } from './routes/jmap.ts';
import { settingsRoutes } from './routes/settings.ts';
import { traceRoutes } from './routes/traces.ts';

export interface AppOptions {
  /** Mount the `/dev` routes. Only ever true when ENVIRONMENT=development. */
  development: boolean;
}

/** Path prefixes the Worker answers itself; everything else is the PWA's static assets. */
export const API_PREFIXES = ['/api', '/auth', '/dev', '/jmap', '/.well-known', '/inbound'];

/** Builds the Hono app; production (`index.ts`) and tests use the same one. */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId());
  app.use(securityHeaders());
  app.use(csrf);
  for (const prefix of ['/api', '/auth', '/dev']) app.use(`${prefix}/*`, noStore);

  app.route('/api/health', healthRoutes);
  app.route('/auth/psc', pscRoutes);
  app.route('/auth', authRoutes);
  app.route('/api/me', meRoutes);
  app.route('/api/devices', deviceRoutes);
  app.route('/api/credentials', credentialRoutes);
  app.route('/api/onboarding', onboardingRoutes);
  app.route('/api/directory', directoryRoutes);
  app.route('/api/delegations', delegationRoutes);
  app.route('/api/traces', traceRoutes);
  app.route('/api/settings', settingsRoutes);
  app.route('/api/account', accountRoutes);
  app.route('/inbound', inboundRoutes);
  app.route('/.well-known/jmap', jmapSessionRoutes);
  app.route('/jmap', jmapRoutes);
  if (options.development) app.route('/dev/accounts', devAccountRoutes);
  if (options.development) app.route('/dev/directory', devDirectoryRoutes);
  if (options.development) app.route('/dev', devRoutes);

  app.notFound(async (c) => {
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
