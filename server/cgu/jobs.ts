import type { ScheduledJob } from '../handlers/scheduled.ts';
import { sendCguNotices } from './cgu.ts';

/** Every 15 minutes: the next batch of notices of a newly published CGU version. */
export const cguNoticesJob: ScheduledJob = {
  name: 'cgu-notices',
  crons: ['*/15 * * * *'],
  async run(env, now) {
    await sendCguNotices(env, 10_000, now.getTime());
  },
};
