import { accountDailyJob } from '../account/jobs.ts';
import { identityCleanupJob } from '../auth/cleanup.ts';
import { cguNoticesJob } from '../cgu/jobs.ts';
import { outboundCleanupJob } from '../delivery/cleanup.ts';
import { directoryRefreshJob, directorySyncJob } from '../directory/jobs.ts';
import type { Bindings } from '../env.ts';
import { whitelistRefreshJob } from '../whitelist/refresh.ts';

/** A scheduled job: one per concern, run by the cron trigger. */
export interface ScheduledJob {
  name: string;
  /** Cron expressions of wrangler.toml this job runs on. */
  crons: string[];
  run(env: Bindings, now: Date): Promise<void>;
}

export const SCHEDULED_JOBS: ScheduledJob[] = [
  whitelistRefreshJob,
  outboundCleanupJob,
  directorySyncJob,
  directoryRefreshJob,
  accountDailyJob,
  identityCleanupJob,
  cguNoticesJob,
];

/** Runs the jobs registered for the controller's cron, each isolated from the others' failures. */
export async function handleScheduled(controller: ScheduledController, env: Bindings) {
  const now = new Date(controller.scheduledTime);
  const jobs = SCHEDULED_JOBS.filter((job) => job.crons.includes(controller.cron));
  const results = await Promise.allSettled(jobs.map((job) => job.run(env, now)));
  results.forEach((result, i) => {
    if (result.status === 'rejected') {
      console.error(JSON.stringify({ level: 'error', job: jobs[i]?.name, error: 'job failed' }));
    }
  });
}
