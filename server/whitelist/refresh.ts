import type { Bindings } from '../env.ts';
import type { ScheduledJob } from '../handlers/scheduled.ts';
import { importWhitelist } from './import.ts';

/**
 * Fetches the official list from `WHITELIST_URL` and imports it. Off when the URL is
 * empty (development uses the generated sample).
 */
export async function refreshWhitelist(env: Bindings, now: Date): Promise<void> {
  const url = env.WHITELIST_URL?.trim();
  if (!url) return;
  const response = await fetch(url, { headers: { accept: 'application/xml, text/xml' } });
  if (!response.ok || !response.body) throw new Error(`whitelist fetch failed: ${response.status}`);
  await importWhitelist(env.DB, response.body, url, now.getTime());
}

/** Daily at 03:00 UTC. */
export const whitelistRefreshJob: ScheduledJob = {
  name: 'whitelist-refresh',
  crons: ['0 3 * * *'],
  run: refreshWhitelist,
};
