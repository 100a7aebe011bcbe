import { Hono } from 'hono';
import type { TraceItem, TracePage } from '../../shared/account/traces.ts';
import { requireAuth } from '../auth/authenticate.ts';
import type { AppEnv } from '../env.ts';
import { ApiError } from '../errors.ts';
import { accessibleBal, balByAddress } from '../storage/bals.ts';
import { listTraces } from '../storage/traces.ts';

async function names(db: D1Database, idNats: string[]): Promise<Map<string, string>> {
  if (idNats.length === 0) return new Map();
  const { results } = await db
    .prepare(
      'SELECT id_nat, given_name, family_name FROM persons WHERE id_nat IN (SELECT value FROM json_each(?))',
    )
    .bind(JSON.stringify(idNats))
    .all<{ id_nat: string; given_name: string; family_name: string }>();
  return new Map(results.map((r) => [r.id_nat, `${r.given_name} ${r.family_name}`.trim()]));
}

async function deviceNames(db: D1Database, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { results } = await db
    .prepare('SELECT id, name FROM device_tokens WHERE id IN (SELECT value FROM json_each(?))')
    .bind(JSON.stringify(ids))
    .all<{ id: string; name: string }>();
  return new Map(results.map((r) => [r.id, r.name]));
}

/**
 * "Historique des connexions et des actions": the holder reads the functional traces of
 * their BAL, newest first: when, who (delegates named), from which device, what kind.
 */
export const traceRoutes = new Hono<AppEnv>().use(requireAuth()).get('/', async (c) => {
  const auth = c.get('auth');
  const ref = c.req.query('bal') ?? '';
  const balId = ref.includes('@') ? (await balByAddress(c.env.DB, ref))?.id : ref;
  const bal = balId ? await accessibleBal(c.env.DB, auth.idNat, balId) : null;
  if (!bal) throw new ApiError('not_found', 'No such mailbox.');
  if (bal.role !== 'holder') throw new ApiError('forbidden', 'Only the holder reads the history.');
  const limit = Math.min(Math.max(Math.trunc(Number(c.req.query('limit') ?? 50)) || 50, 1), 200);
  const before = Number(c.req.query('before')) || undefined;
  const rows = await listTraces(c.env.DB, bal.id, { limit, before });
  const actors = await names(c.env.DB, [
    ...new Set(rows.flatMap((r) => (r.actorIdNat ? [r.actorIdNat] : []))),
  ]);
  const tokenIds = rows.flatMap((r) =>
    r.channel?.startsWith('token:') ? [r.channel.slice(6)] : [],
  );
  const devices = await deviceNames(c.env.DB, [...new Set(tokenIds)]);
  const items = rows.map((row): TraceItem => {
    const token = row.channel?.startsWith('token:') ? row.channel.slice(6) : null;
    return {
      id: row.id,
      at: row.at,
      actor: row.actorIdNat
        ? { idNat: row.actorIdNat, name: actors.get(row.actorIdNat) ?? row.actorIdNat }
        : null,
      via: token ? 'token' : row.channel === 'system' || !row.actorIdNat ? 'system' : 'session',
      device: token ? (devices.get(token) ?? 'Appareil supprimé') : null,
      kind: row.kind,
      detail: row.detail,
    };
  });
  const last = rows[rows.length - 1];
  return c.json({
    items,
    nextBefore: rows.length === limit && last ? last.id : null,
  } satisfies TracePage);
});
