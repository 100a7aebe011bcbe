import { config } from '../config.ts';
import type { Bindings } from '../env.ts';
import type { ScheduledJob } from '../handlers/scheduled.ts';
import { importExtract } from './importer.ts';
import { syncPliBals } from './pli-bals.ts';

/** Where a deployer drops the daily extract (e.g. a cron that downloads it into R2). */
export const EXTRACT_OBJECT_KEY = 'directory/Extraction_Correspondance_MSSante.txt';

/** Every 15 minutes: Pli's own BALs published, updated or withdrawn in the directory. */
export const directorySyncJob: ScheduledJob = {
  name: 'directory-pli-bals',
  crons: ['*/15 * * * *'],
  run: (env, now) => syncPliBals(env.DB, now.getTime()),
};

/**
 * Imports the extract found in R2 when it is a file not imported yet (by etag). Returns
 * whether an import ran.
 */
export async function refreshFromR2(env: Bindings, now: number): Promise<boolean> {
  const object = await env.BLOBS.get(EXTRACT_OBJECT_KEY);
  if (!object) return false;
  const last = await env.DB.prepare(
    "SELECT source_etag FROM directory_imports WHERE status = 'done' AND source_etag IS NOT NULL ORDER BY id DESC LIMIT 1",
  ).first<{ source_etag: string }>();
  if (last?.source_etag === object.etag) {
    await object.body.cancel();
    return false;
  }
  const stats = await importExtract(env.DB, object.body, {
    operatorDomains: config(env).operatorDomains,
    now,
  });
  await env.DB.prepare('UPDATE directory_imports SET source_etag = ? WHERE id = ?')
    .bind(object.etag, stats.runId)
    .run();
  return true;
}

/** Daily at 03:00 UTC: the official extract refreshed from R2, if a new one is there. */
export const directoryRefreshJob: ScheduledJob = {
  name: 'directory-extract',
  crons: ['0 3 * * *'],
  run: async (env, now) => {
    await refreshFromR2(env, now.getTime());
  },
};
