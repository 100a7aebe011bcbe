import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { handleScheduled } from '../../../server/handlers/scheduled.ts';
import { whitelistSeedStep } from '../../../server/whitelist/seed.ts';
import { isWhitelisted } from '../../../server/whitelist/store.ts';
import { testPeers } from '../support/peers.ts';

async function imports() {
  const { results } = await env.DB.prepare(
    'SELECT source, domain_count FROM whitelist_imports ORDER BY id',
  ).all();
  return results;
}

describe('daily whitelist refresh', () => {
  it('fetches the list from WHITELIST_URL at 03:00 and imports it', async () => {
    const url = `${testPeers().httpUrl}/whitelist.xml?count=120`;
    await handleScheduled(createScheduledController({ cron: '0 3 * * *' }), {
      ...env,
      WHITELIST_URL: url,
    });
    expect(await imports()).toEqual([{ source: url, domain_count: 120 }]);
    expect(await isWhitelisted(env.DB, 'chu-lyon-demo.mssante.fr')).toBe(true);
  });

  it('does nothing when WHITELIST_URL is empty', async () => {
    await handleScheduled(createScheduledController({ cron: '0 3 * * *' }), env);
    expect(await imports()).toEqual([]);
  });

  it('does not run on the quarter-hourly cron', async () => {
    await handleScheduled(createScheduledController({ cron: '*/15 * * * *' }), {
      ...env,
      WHITELIST_URL: `${testPeers().httpUrl}/whitelist.xml`,
    });
    expect(await imports()).toEqual([]);
  });

  it('keeps the current list when the download fails', async () => {
    await whitelistSeedStep.run(env);
    await handleScheduled(createScheduledController({ cron: '0 3 * * *' }), {
      ...env,
      WHITELIST_URL: `${testPeers().httpUrl}/missing.xml`,
    });
    expect(await isWhitelisted(env.DB, 'chu-lyon-demo.mssante.fr')).toBe(true);
  });
});

describe('whitelist seed step', () => {
  it('imports the generated sample once', async () => {
    await whitelistSeedStep.run(env);
    await whitelistSeedStep.run(env);
    expect(await imports()).toEqual([{ source: 'sample', domain_count: 300 }]);
  });
});
