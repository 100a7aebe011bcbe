import { Hono } from 'hono';
import type { Health } from '../../shared/health.ts';
import type { AppEnv } from '../env.ts';

export const PLI_VERSION = '0.1.0';

/** `GET /api/health`: liveness and a cheap database round trip. No personal data. */
export const healthRoutes = new Hono<AppEnv>().get('/', async (c) => {
  let database: Health['checks']['database'] = 'ok';
  try {
    await c.env.DB.prepare('SELECT 1').first();
  } catch {
    database = 'failed';
  }
  const body: Health = {
    status: database === 'ok' ? 'ok' : 'degraded',
    service: 'pli',
    version: PLI_VERSION,
    environment: c.env.ENVIRONMENT,
    checks: { database },
    time: new Date().toISOString(),
  };
  return c.json(body, database === 'ok' ? 200 : 503);
});
