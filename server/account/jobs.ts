import type { ScheduledJob } from '../handlers/scheduled.ts';
import { applyRetention } from './retention.ts';
import { computeDailyStats } from './statistics.ts';

/** Daily at 03:00 UTC: yesterday's statistics, then every retention rule. */
export const accountDailyJob: ScheduledJob = {
  name: 'statistics-and-retention',
  crons: ['0 3 * * *'],
  async run(env, now) {
    await computeDailyStats(env.DB, now.getTime());
    await applyRetention(env.DB, now.getTime());
  },
};
