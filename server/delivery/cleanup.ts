import type { Bindings } from '../env.ts';
import type { ScheduledJob } from '../handlers/scheduled.ts';

/** How long settled outbound rows are kept (for support questions about a sending). */
export const SETTLED_KEEP_DAYS = 30;

/** Deletes outbound delivery rows settled more than 30 days ago. */
export async function cleanOutbound(env: Bindings, now: Date): Promise<void> {
  await env.DB.prepare(
    "DELETE FROM outbound_deliveries WHERE status <> 'queued' AND updated_at < ?",
  )
    .bind(now.getTime() - SETTLED_KEEP_DAYS * 86_400_000)
    .run();
}

/** Daily at 03:00 UTC. */
export const outboundCleanupJob: ScheduledJob = {
  name: 'outbound-cleanup',
  crons: ['0 3 * * *'],
  run: cleanOutbound,
};
