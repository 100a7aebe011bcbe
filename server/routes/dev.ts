import { Hono } from 'hono';
import type { DevOutbox } from '../../shared/dev-outbox.ts';
import { forgetAccess } from '../auth/access-cache.ts';
import { deliverToBal } from '../delivery/mailbox-deliver.ts';
import { decodeBulkBatch } from '../dev/bulk-batch.ts';
import { inParallel } from '../dev/in-parallel.ts';
import { seedDemoData } from '../dev/seed.ts';
import type { AppEnv } from '../env.ts';
import { balByAddress } from '../storage/bals.ts';
import { listOutbox } from '../storage/dev-outbox.ts';

/** Deliveries in flight per bulk batch: enough to overlap R2 writes with parsing. */
const BULK_IN_FLIGHT = 8;

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
  })
  /**
   * The bench's bulk fill: a batch of messages (server/dev/bulk-batch.ts) stored into the BAL
   * `?to=` through its DO's real `deliver` (quota, dedup, index), without a request each.
   */
  .post('/bulk-deliver', async (c) => {
    const bal = await balByAddress(c.env.DB, c.req.query('to') ?? '');
    if (!bal) return c.json({ error: 'unknown_bal' }, 404);
    const messages = decodeBulkBatch(new Uint8Array(await c.req.arrayBuffer()));
    const counts: Record<string, number> = {};
    await inParallel(messages, BULK_IN_FLIGHT, async (m) => {
      const result = await deliverToBal(c.env, {
        balId: bal.id,
        raw: m.raw,
        quotaBytes: bal.quotaBytes,
        mailFrom: m.mailFrom,
        rcptTo: bal.address,
        receivedAt: m.receivedAt,
      });
      counts[result.status] = (counts[result.status] ?? 0) + 1;
    });
    return c.json({ counts });
  })
  /**
   * Sets a BAL's quota (`{ address, bytes }`): how the end-to-end tests bring a demo BAL
   * near its limit without storing gigabytes. Development only, like every route here.
   */
  .post('/quota', async (c) => {
    const input = (await c.req.json()) as { address?: unknown; bytes?: unknown };
    const bal = await balByAddress(c.env.DB, String(input.address ?? ''));
    const bytes = Number(input.bytes);
    if (!bal || !Number.isSafeInteger(bytes) || bytes <= 0)
      return c.json({ error: 'invalid_request' }, 400);
    await c.env.DB.prepare('UPDATE bals SET quota_bytes = ? WHERE id = ?')
      .bind(bytes, bal.id)
      .run();
    forgetAccess();
    return c.json({ address: bal.address, bytes });
  });
