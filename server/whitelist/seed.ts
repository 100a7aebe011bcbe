import type { SeedStep } from '../dev/seed.ts';
import { importWhitelist, streamOf } from './import.ts';
import { whitelistSample } from './sample.ts';

/** Development: the generated sample list, imported once (then one query per seeding). */
export const whitelistSeedStep: SeedStep = {
  name: 'whitelist-sample',
  async run(env) {
    const done = await env.DB.prepare(
      'SELECT 1 AS one FROM whitelist_imports WHERE finished_at IS NOT NULL LIMIT 1',
    ).first();
    if (done) return;
    await importWhitelist(env.DB, streamOf(whitelistSample()), 'sample');
  },
};
