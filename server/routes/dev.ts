import { Hono } from 'hono';
import type { DevOutbox } from '../../shared/dev-outbox.ts';
import { seedDemoData } from '../dev/seed.ts';
import type { AppEnv } from '../env.ts';
import { listOutbox } from '../storage/dev-outbox.ts';

/**
 * Development-only routes, mounted by createApp() only when ENVIRONMENT=development.
 * `GET /dev/outbox` is a stable contract that outside checks rely on.
 */
export const devRoutes = new Hono<AppEnv>()
  .get('/outbox', async (c) => {
    const to = c.req.query('to') || undefined;
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 500);
    const body: DevOutbox = { items: await listOutbox(c.env.DB, { to, limit }) };
    return c.json(body);
  })
  .post('/seed', async (c) => {
    const steps = await seedDemoData(c.env);
    return c.json({ steps });
  });
