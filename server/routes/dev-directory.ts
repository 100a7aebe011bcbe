import { Hono } from 'hono';
import { config } from '../config.ts';
import { importExtract } from '../directory/importer.ts';
import { syncPliBals } from '../directory/pli-bals.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';

/**
 * Development only (mounted by createApp() when ENVIRONMENT=development): load an extract
 * (the real one, or a generated one for the bench) into the local directory.
 * `POST /dev/directory/import` with the extract as the request body.
 */
export const devDirectoryRoutes = new Hono<AppEnv>().post('/import', async (c) => {
  const body = c.req.raw.body;
  if (!body) throw new ApiError('invalid_request', 'The extract is the request body.');
  const stats = await importExtract(c.env.DB, body, {
    operatorDomains: config(c.env).operatorDomains,
    allowMassRemoval: true,
  });
  await syncPliBals(c.env.DB);
  return c.json(stats);
});
