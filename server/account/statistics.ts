import { utcDay } from '../../shared/account/retention.ts';

const DAY_MS = 86_400_000;

/**
 * Yesterday's usage (the UTC day before `now`): per-user counts of each kind of action
 * (per-user statistics data, kept three months by the retention rules) and anonymous daily
 * totals (never a person): active users, actions by kind, live BALs and delegations.
 * Idempotent for a day.
 */
export async function computeDailyStats(db: D1Database, now: number): Promise<string> {
  const start = Date.parse(`${utcDay(now - DAY_MS)}T00:00:00Z`);
  const end = start + DAY_MS;
  const day = utcDay(start);
  await db.batch([
    db
      .prepare(
        `INSERT INTO usage_per_user (day, id_nat, kind, count)
         SELECT ?1, actor_id_nat, kind, count(*) FROM traces
          WHERE at >= ?2 AND at < ?3 AND actor_id_nat IS NOT NULL GROUP BY actor_id_nat, kind
         ON CONFLICT (day, id_nat, kind) DO UPDATE SET count = excluded.count`,
      )
      .bind(day, start, end),
    db
      .prepare(
        `INSERT INTO daily_stats (day, metric, value)
         SELECT ?1, 'actions:' || kind, count(*) FROM traces WHERE at >= ?2 AND at < ?3 GROUP BY kind
         ON CONFLICT (day, metric) DO UPDATE SET value = excluded.value`,
      )
      .bind(day, start, end),
    db
      .prepare(
        `INSERT INTO daily_stats (day, metric, value)
         SELECT ?1, 'active_users', count(DISTINCT actor_id_nat) FROM traces WHERE at >= ?2 AND at < ?3
         ON CONFLICT (day, metric) DO UPDATE SET value = excluded.value`,
      )
      .bind(day, start, end),
    db
      .prepare(
        `INSERT INTO daily_stats (day, metric, value)
         SELECT ?1, 'bals_live', count(*) FROM bals WHERE deleted_at IS NULL AND created_at < ?2
         ON CONFLICT (day, metric) DO UPDATE SET value = excluded.value`,
      )
      .bind(day, end),
    db
      .prepare(
        `INSERT INTO daily_stats (day, metric, value)
         SELECT ?1, 'delegations_live', count(*) FROM delegations WHERE revoked_at IS NULL AND created_at < ?2
         ON CONFLICT (day, metric) DO UPDATE SET value = excluded.value`,
      )
      .bind(day, end),
  ]);
  return day;
}

/** The anonymous daily totals between two days (inclusive), by day. */
export async function readDailyStats(
  db: D1Database,
  from: string,
  to: string,
): Promise<{ day: string; metrics: Record<string, number> }[]> {
  const { results } = await db
    .prepare(
      'SELECT day, metric, value FROM daily_stats WHERE day >= ? AND day <= ? ORDER BY day, metric',
    )
    .bind(from, to)
    .all<{ day: string; metric: string; value: number }>();
  const days = new Map<string, Record<string, number>>();
  for (const row of results) {
    const metrics = days.get(row.day) ?? {};
    metrics[row.metric] = row.value;
    days.set(row.day, metrics);
  }
  return [...days].map(([day, metrics]) => ({ day, metrics }));
}
