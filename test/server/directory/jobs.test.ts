import { createScheduledController } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { EXTRACT_OBJECT_KEY } from '../../../server/directory/jobs.ts';
import { searchDirectory } from '../../../server/directory/search.ts';
import { directorySeedStep } from '../../../server/directory/seed.ts';
import { handleScheduled } from '../../../server/handlers/scheduled.ts';
import { makeBal, makePerson } from '../support/factories.ts';
import { extractLines } from './support.ts';

const count = async () =>
  (await env.DB.prepare('SELECT count(*) AS n FROM directory_entries').first<{ n: number }>())?.n;

async function runCron(cron: string, at = Date.UTC(2026, 10, 23, 3, 0)) {
  await handleScheduled(createScheduledController({ scheduledTime: at, cron }), env);
}

describe('directory jobs', () => {
  it('import the daily extract dropped in R2, once per file', async () => {
    await env.BLOBS.put(EXTRACT_OBJECT_KEY, `${extractLines(40).join('\n')}\n`);
    await runCron('0 3 * * *');
    expect(await count()).toBe(40);
    await runCron('0 3 * * *', Date.UTC(2026, 10, 24, 3, 0));
    const runs = await env.DB.prepare('SELECT count(*) AS n FROM directory_imports').first<{
      n: number;
    }>();
    expect(runs?.n).toBe(1);
    await env.BLOBS.put(EXTRACT_OBJECT_KEY, `${extractLines(45).join('\n')}\n`);
    await runCron('0 3 * * *', Date.UTC(2026, 10, 25, 3, 0));
    expect(await count()).toBe(45);
  });

  it('publish a new Pli BAL within the quarter-hour', async () => {
    const holder = await makePerson({ familyName: 'Nouvelle' });
    await makeBal(holder.idNat);
    expect(await searchDirectory(env.DB, 'nouvelle', 5)).toEqual([]);
    await runCron('*/15 * * * *');
    expect(await searchDirectory(env.DB, 'nouvelle', 5)).toHaveLength(1);
  });
});

describe('the demo directory seed step', () => {
  it('loads fictional professionals and changes nothing when run again', async () => {
    await directorySeedStep.run(env);
    const first = await count();
    expect(first).toBeGreaterThan(3000);
    await directorySeedStep.run(env);
    expect(await count()).toBe(first);
    expect((await searchDirectory(env.DB, 'sophie garnier', 5))[0]?.idNat).toBe('810100010056');
  });
});
