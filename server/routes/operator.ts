import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { CguPublishSchema } from '../../shared/account/cgu.ts';
import { parseMedicoSocialCsv } from '../../shared/account/medico-social-csv.ts';
import {
  BannerCreateSchema,
  type DailyStatsResponse,
  type MedicoSocialImportResult,
} from '../../shared/account/operator.ts';
import { readDailyStats } from '../account/statistics.ts';
import { requireAuth } from '../auth/authenticate.ts';
import { decodeUtf8, readBody } from '../auth/read-body.ts';
import { publishCgu } from '../cgu/cgu.ts';
import { config } from '../config.ts';
import { importExtract } from '../directory/importer.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { createBanner, endBanner } from '../operator/banners.ts';
import { createMedicoSocialAccount } from '../operator/medico-social.ts';
import { channelOf, recordTrace } from '../storage/traces.ts';

/** Largest medico-social CSV accepted in one request. */
const MAX_CSV_BYTES = 2 * 1024 * 1024;

/** Refuses anyone but the service's operators (persons of kind `operator`). */
const requireOperator = createMiddleware<AppEnv>(async (c, next) => {
  const row = await c.env.DB.prepare(
    'SELECT kind FROM persons WHERE id_nat = ? AND deleted_at IS NULL',
  )
    .bind(c.get('auth').idNat)
    .first<{ kind: string }>();
  if (row?.kind !== 'operator') throw new ApiError('forbidden', 'Operators only.');
  await next();
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The operator console: medico-social accounts from a registration authority's CSV, CGU
 * publication, maintenance banners, anonymous daily statistics, directory import.
 */
export const operatorRoutes = new Hono<AppEnv>()
  .use(requireAuth(), requireOperator)
  .post('/medico-social', async (c) => {
    const auth = c.get('auth');
    const bytes = await c.req.arrayBuffer();
    if (bytes.byteLength > MAX_CSV_BYTES) throw new ApiError('payload_too_large', 'CSV too large.');
    const text = decodeUtf8(bytes);
    if (text === null) throw new ApiError('invalid_encoding', 'The CSV must be saved as UTF-8.');
    const { accounts, errors } = parseMedicoSocialCsv(text);
    const result: MedicoSocialImportResult = { created: [], skipped: [], errors };
    for (const account of accounts) {
      const created = await createMedicoSocialAccount(c.env, account, auth.idNat);
      if (created) result.created.push(created);
      else result.skipped.push(account.idNat);
    }
    return c.json(result);
  })
  .post('/cgu', async (c) => {
    const auth = c.get('auth');
    const input = await readBody(c, CguPublishSchema);
    if (!(await publishCgu(c.env, input))) throw new ApiError('conflict', 'This version exists.');
    await recordTrace(c.env.DB, {
      kind: 'cgu_published',
      actorIdNat: auth.idNat,
      channel: channelOf(auth),
      detail: input.version,
    });
    return c.json({ version: input.version }, 201);
  })
  .post('/banner', async (c) => {
    const input = await readBody(c, BannerCreateSchema);
    const now = Date.now();
    const id = await createBanner(c.env.DB, {
      message: input.message,
      startsAt: input.startsAt ? Date.parse(input.startsAt) : now,
      endsAt: input.endsAt ? Date.parse(input.endsAt) : null,
      byIdNat: c.get('auth').idNat,
    });
    return c.json({ id }, 201);
  })
  .delete('/banner/:id', async (c) => {
    if (!(await endBanner(c.env.DB, Number(c.req.param('id'))))) {
      throw new ApiError('not_found', 'No such banner in force.');
    }
    return c.body(null, 204);
  })
  .get('/stats', async (c) => {
    const from = c.req.query('from') ?? '';
    const to = c.req.query('to') ?? '';
    if (!DAY.test(from) || !DAY.test(to))
      throw new ApiError('invalid_request', 'from and to: YYYY-MM-DD.');
    return c.json({ days: await readDailyStats(c.env.DB, from, to) } satisfies DailyStatsResponse);
  })
  .post('/directory/import', async (c) => {
    const body = c.req.raw.body;
    if (!body) throw new ApiError('invalid_request', 'The extract is the request body.');
    const stats = await importExtract(c.env.DB, body, {
      operatorDomains: config(c.env).operatorDomains,
      allowMassRemoval: c.req.query('allowMassRemoval') === 'true',
    });
    return c.json(stats);
  });
