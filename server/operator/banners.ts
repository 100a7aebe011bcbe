/** Maintenance banners: one message shown to every user for a while. */

export async function createBanner(
  db: D1Database,
  input: { message: string; startsAt: number; endsAt: number | null; byIdNat: string },
  now = Date.now(),
): Promise<number> {
  const row = await db
    .prepare(
      'INSERT INTO service_banners (message, starts_at, ends_at, created_by, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
    )
    .bind(input.message, input.startsAt, input.endsAt, input.byIdNat, now)
    .first<{ id: number }>();
  return row?.id ?? 0;
}

/** Ends a banner now; false when there is none by that id. */
export async function endBanner(db: D1Database, id: number, now = Date.now()): Promise<boolean> {
  const result = await db
    .prepare(
      'UPDATE service_banners SET ends_at = ? WHERE id = ? AND (ends_at IS NULL OR ends_at > ?)',
    )
    .bind(now, id, now)
    .run();
  return result.meta.changes > 0;
}

/** The banner in force at `now` (the newest if several), or null. */
export async function currentBanner(db: D1Database, now = Date.now()) {
  const row = await db
    .prepare(
      `SELECT id, message, ends_at FROM service_banners
        WHERE starts_at <= ?1 AND (ends_at IS NULL OR ends_at > ?1) ORDER BY starts_at DESC, id DESC LIMIT 1`,
    )
    .bind(now)
    .first<{ id: number; message: string; ends_at: number | null }>();
  return row
    ? {
        id: row.id,
        message: row.message,
        endsAt: row.ends_at ? new Date(row.ends_at).toISOString() : null,
      }
    : null;
}
